package deviceflow_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func itoa(n int) string { return strconv.Itoa(n) }

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

func httptestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
