// Package zerovalue is compiled by TestNewRequiredMemberRefused in a
// scratch module, against a client generated from a copy of
// specs/veeam/openapi.json whose organization request newly requires
// applicationId (a UUID). It is not part of any module of the repository.
package zerovalue

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/reqcheck"
)

// recorder is the fake VB365 server: it keeps every body it receives.
type recorder struct {
	mu     sync.Mutex
	bodies []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, string(b))
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(b)
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

// checking is the transport vendorkit gives every vendor client, with the
// modified spec in place of the embedded one.
type checking struct{ c *reqcheck.Checker }

func (t checking) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.c.Check(req); err != nil {
		return nil, err
	}
	return http.DefaultTransport.RoundTrip(req)
}

func client(t *testing.T, url string, check bool) *ClientWithResponses {
	t.Helper()
	hc := http.DefaultClient
	if check {
		c, err := reqcheck.New("veeam", os.DirFS("."), "openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		hc = &http.Client{Transport: checking{c}}
	}
	c, err := NewClientWithResponses(url+"/v8", WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const zeroUUID = "00000000-0000-0000-0000-000000000000"

// Without the check the generated client sends the zero UUID: the silent
// zero value of the issue.
func TestWithoutCheckTheZeroUUIDIsSent(t *testing.T) {
	srv := &recorder{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	if _, err := client(t, ts.URL, false).OrganizationAddWithResponse(context.Background(), RestOrganizationComposed{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.seen(); len(got) != 1 || !strings.Contains(got[0], `"applicationId":"`+zeroUUID+`"`) {
		t.Fatalf("server saw %q; want the zero UUID (the generated field is not a pointer)", got)
	}
}

// With it, nothing is sent and the error names the vendor and the member.
func TestCheckRefusesTheZeroUUID(t *testing.T) {
	srv := &recorder{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, err := client(t, ts.URL, true).OrganizationAddWithResponse(context.Background(), RestOrganizationComposed{})
	var me *devicecode.RequestMemberError
	if !errors.As(err, &me) || me.Vendor != "veeam" || me.Member != "applicationId" || me.Reason != "the zero UUID" || me.Operation != "POST /Organizations" {
		t.Fatalf("err = %v (%+v), want the zero applicationId of veeam's POST /Organizations refused", err, me)
	}
	if got := srv.seen(); len(got) != 0 {
		t.Fatalf("server saw %q; want no request", got)
	}
	t.Log(err)
}

// A caller who sets the member gets it sent.
func TestCheckPassesTheCallersValue(t *testing.T) {
	srv := &recorder{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const id = "5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60"
	var body RestOrganizationComposed
	if err := body.ApplicationId.UnmarshalText([]byte(id)); err != nil {
		t.Fatal(err)
	}
	if _, err := client(t, ts.URL, true).OrganizationAddWithResponse(context.Background(), body); err != nil {
		t.Fatal(err)
	}
	if got := srv.seen(); len(got) != 1 || !strings.Contains(got[0], id) {
		t.Fatalf("server saw %q; want the caller's id", got)
	}
}
