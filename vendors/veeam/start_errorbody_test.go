package veeam_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// Start reads an error body sent with HTTP 200 as the server's refusal,
// with its message and errorCode, as DeviceCode/check and AddOrganization
// do: it was a malformed device code (a *normalize.Error) that hid what
// the server said. Found by internal/faultmatrix.
func TestStartErrorBodyWith200(t *testing.T) {
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{Password: password})
	t.Cleanup(srv.Close)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/DeviceCode") {
			srv.Handler().ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(`{"message":"The operation has failed.","errorCode":"OperationFailed"}`))
	}))
	t.Cleanup(front.Close)
	c, err := veeam.New(veeam.Config{BaseURL: front.URL, Username: "admin", Password: password, APIVersion: veeam.V8,
		Target: veeam.NewOrganization(veeam.RegionWorldwide)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Start(context.Background())
	var ve *veeam.Error
	if !errors.As(err, &ve) || ve.StatusCode != http.StatusOK || ve.ErrorCode != "OperationFailed" ||
		ve.Message != "The operation has failed." || devicecode.IsTransient(err) {
		t.Fatalf("got %v, want a terminal *veeam.Error with HTTP 200, the errorCode and the message", err)
	}
}
