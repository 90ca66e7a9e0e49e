package jsonstrict

import (
	"encoding/json"
	"errors"
	"testing"
)

// Unmarshal refuses a duplicate per its mode before decoding, and decodes
// as its mode says.
func TestUnmarshal(t *testing.T) {
	type s struct {
		A int `json:"a"`
	}
	for _, tt := range []struct {
		body string
		mode Mode
		dup  string // the duplicate's pointer, or ""
		err  bool
	}{
		{`{"a":1}`, FoldTop, "", false},
		{`{"a":1,"A":2}`, FoldTop, "/A", false},
		{`{"a":1,"A":2}`, 0, "", false},
		{`{"a":1,"b":{"k":1,"K":2}}`, FoldTop, "", false},
		{`{"a":1,"b":{"k":1,"K":2}}`, FoldAll, "/b/K", false},
		{`{"a":1,"b":{"k":1,"k":2}}`, 0, "/b/k", false},
		{`{"a":1,"z":2}`, Strict, "", true},
		{`{"a":1} x`, Strict, "", true},
		{`{"a":1} x`, 0, "", true},
		{`[`, 0, "", true},
	} {
		var v s
		err := Unmarshal([]byte(tt.body), &v, tt.mode)
		var dup *DuplicateError
		switch {
		case tt.dup != "" && (!errors.As(err, &dup) || dup.Pointer != tt.dup):
			t.Errorf("%s (mode %d): %v, want the duplicate %s", tt.body, tt.mode, err, tt.dup)
		case tt.dup == "" && (err != nil) != tt.err:
			t.Errorf("%s (mode %d): %v, want error %t", tt.body, tt.mode, err, tt.err)
		}
	}
	var n any
	if err := Unmarshal([]byte(`{"n":12345678901234567890}`), &n, Numbers); err != nil {
		t.Fatal(err)
	}
	if _, ok := n.(map[string]any)["n"].(json.Number); !ok {
		t.Errorf("Numbers decoded %T", n.(map[string]any)["n"])
	}
}
