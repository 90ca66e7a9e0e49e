package veeam_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// rawServer is a devicetest VB365 whose Intercept answers every request
// with status and body, for answers the fake does not send: hostile text,
// duplicate members, a stack trace.
func rawServer(t *testing.T, status int, body string) *veeam.Client {
	t.Helper()
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{Password: password, Intercept: func(w http.ResponseWriter, _ *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	}})
	t.Cleanup(srv.Close)
	c, err := veeam.New(veeam.Config{BaseURL: srv.URL, Username: "admin", Password: password, APIVersion: veeam.V8,
		Target: veeam.NewOrganization("")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestErrorBodies(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    error
		has     []string
		hasNot  []string
		errorAs bool
	}{
		{"stack trace never shown", 500, `{"message":"Boom.","errorCode":"HttpError","stackTrace":"at Veeam.Archiver.Secret()"}`, nil,
			[]string{"(HTTP 500 Internal Server Error, HttpError): Boom."}, []string{"Veeam.Archiver", "stackTrace"}, true},
		{"terminal controls escaped", 401, "{\"message\":\"\\u001b[2Jgone\\u202e\"}", devicecode.ErrUnauthorized,
			nil, []string{"\x1b", "\u202e"}, true},
		{"an errorCode outside the enum is kept", 409, `{"message":"Busy.","errorCode":"SomethingNew"}`, nil,
			[]string{"SomethingNew"}, nil, true},
		{"duplicate member refused", 400, `{"message":"a","Message":"b"}`, devicecode.ErrInvalidResponse,
			[]string{"twice"}, nil, false},
		{"not JSON", 502, `<html>bad gateway</html>`, devicecode.ErrTransient,
			[]string{"HTTP 502 Bad Gateway"}, []string{"<html>"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rawServer(t, tc.status, tc.body).Start(context.Background())
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if r, bad := safetext.Unsafe(msg); bad {
				t.Errorf("error text has %q, unsafe for a terminal: %q", r, msg)
			}
			for _, s := range tc.has {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q lacks %q", msg, s)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(msg, s) {
					t.Errorf("error %q contains %q", msg, s)
				}
			}
			var ve *veeam.Error
			if errors.As(err, &ve) != tc.errorAs {
				t.Errorf("errors.As *veeam.Error = %v, want %v", !tc.errorAs, tc.errorAs)
			}
		})
	}
}
