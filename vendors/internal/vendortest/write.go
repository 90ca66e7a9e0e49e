package vendortest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// WriteJSON answers v as JSON with the charset every vendor sends, for an
// Intercept that plays a server devicetest does not.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteRaw answers a JSON body already encoded.
func WriteRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}
