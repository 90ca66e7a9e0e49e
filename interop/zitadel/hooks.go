package main

import (
	"context"
	"fmt"
	"net/http"
)

// registerHooks mounts POST /test/approve and POST /test/deny: what a
// person does on the verification page, without a browser. Both take
// user_code (query or form); approve also takes subject (default id1).
// They answer 204 when done, 400 without user_code, 404 for an unknown one.
func registerHooks(mux *http.ServeMux, s deviceStorage) {
	mux.HandleFunc("POST /test/approve", hook(s, func(ctx context.Context, r *http.Request, code string) error {
		subject := r.FormValue("subject")
		if subject == "" {
			subject = defaultSubject
		}
		return s.CompleteDeviceAuthorization(ctx, code, subject)
	}))
	mux.HandleFunc("POST /test/deny", hook(s, func(ctx context.Context, _ *http.Request, code string) error {
		return s.DenyDeviceAuthorization(ctx, code)
	}))
}

type decision func(ctx context.Context, r *http.Request, userCode string) error

func hook(s deviceStorage, decide decision) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		code := r.FormValue("user_code")
		if code == "" {
			http.Error(w, "user_code missing", http.StatusBadRequest)
			return
		}
		// Look the code up first: the example's DenyDeviceAuthorization
		// dereferences a nil state for an unknown code.
		if _, err := s.GetDeviceAuthorizationByUserCode(r.Context(), code); err != nil {
			http.Error(w, fmt.Sprintf("user_code %q: %v", code, err), http.StatusNotFound)
			return
		}
		if err := decide(r.Context(), r, code); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// verificationPage stands in for the page a person would open.
func verificationPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "devicecode interop OP: POST /test/approve?user_code=%s (or /test/deny) to decide.\n", r.FormValue("user_code"))
}
