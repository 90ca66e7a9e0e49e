package vendorkit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Every vendor's client gets the request check of its own spec: a body
// that leaves a required member zero never reaches the server, one that
// sets it does.
func TestDoerChecksTheVendorsSpec(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer srv.Close()
	doer := vendorkit.Collect("test", []devicecode.Option{devicecode.WithHTTPClient(srv.Client())}).Doer("veeam")
	post := func(body string) error {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/v8/DeviceCode/check", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := doer.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	err := post(`{"userCode":""}`)
	var me *devicecode.RequestMemberError
	if !errors.As(err, &me) || me.Vendor != "veeam" || me.Member != "userCode" || hits.Load() != 0 {
		t.Fatalf("err = %v, server hits %d; want userCode refused before sending", err, hits.Load())
	}
	if devicecode.IsTransient(err) {
		t.Errorf("a refused request is transient: retrying sends the same body")
	}
	if err := post(`{"userCode":"ABC"}`); err != nil || hits.Load() != 1 {
		t.Fatalf("err = %v, server hits %d; want the request sent", err, hits.Load())
	}
}
