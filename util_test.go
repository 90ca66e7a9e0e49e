package devicecode_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func itoa(n int) string { return strconv.Itoa(n) }

func httptestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
