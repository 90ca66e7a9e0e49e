package demo

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
)

// A body that breaks mid-read is the transport's error, as it would be
// without the recorder, not a short body for the JSON decoder to reject.
func TestRecorderBodyReadError(t *testing.T) {
	reset := errors.New("connection reset by peer")
	base := recordFunc(func(*http.Request) (*http.Response, error) {
		body := io.MultiReader(strings.NewReader(`{"device_co`), errReader{reset})
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(body)}, nil
	})
	r := &recorder{base: base, clock: fakeclock.New(time.Unix(0, 0))}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://fake.test/token", http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.RoundTrip(req)
	if err == nil {
		resp.Body.Close()
	}
	if !errors.Is(err, reset) {
		t.Fatalf("RoundTrip = %v, %v; want the read error", resp, err)
	}
	if log := r.exchanges(); len(log) != 1 || log[0].Note != reset.Error() {
		t.Errorf("exchanges = %+v, want one noting the read error", log)
	}
}

type recordFunc func(*http.Request) (*http.Response, error)

func (f recordFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
