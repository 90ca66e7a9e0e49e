package normalize_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/normalize"
)

// issued is the fixed issue time of every golden file.
var issued = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// fixedClock stands still at issued.
var fixedClock = fakeclock.New(issued)

// TestGolden runs every testdata/<vendor>/*.json through Decode and compares
// the canonical JSON (or, for a rejection, the problems) with the .golden
// file beside it. Refresh with: go test ./normalize -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, v := range normalize.Vendors() {
		inputs, err := filepath.Glob(filepath.Join("testdata", string(v), "*.json"))
		if err != nil || len(inputs) == 0 {
			t.Fatalf("no fixtures for %s: %v", v, err)
		}
		for _, in := range inputs {
			t.Run(string(v)+"/"+filepath.Base(in), func(t *testing.T) {
				got := render(t, v, readFile(t, in))
				golden.Check(t, strings.TrimSuffix(in, ".json")+".golden", got)
			})
		}
	}
}

// render is what the golden file holds: indented canonical JSON, or
// "rejected:" and one problem per line. Fixtures named invalid-* must be
// rejected, the others must normalize.
func render(t *testing.T, v normalize.Vendor, body []byte) []byte {
	t.Helper()
	dc, err := normalize.Decode(v, body, normalize.WithClock(fixedClock))
	wantErr := strings.HasPrefix(filepath.Base(t.Name()), "invalid-")
	if (err != nil) != wantErr {
		t.Fatalf("Decode error = %v, want error: %t", err, wantErr)
	}
	if err != nil {
		return problemLines(t, err)
	}
	return canonical(t, dc)
}

func canonical(t *testing.T, dc *normalize.DeviceCode) []byte {
	t.Helper()
	b, err := json.Marshal(dc)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	return append(out.Bytes(), '\n')
}

func problemLines(t *testing.T, err error) []byte {
	t.Helper()
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		t.Fatalf("error %T is not a *normalize.Error: %v", err, err)
	}
	var b bytes.Buffer
	b.WriteString("rejected:\n")
	for _, p := range ne.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.Bytes()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
