package jsonstrict

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDuplicate(t *testing.T) {
	for body, want := range map[string]string{
		`{"user_code":"ABCD","user_code":"EVIL"}`:       "/user_code",
		`{"a":1,"b":{"c":1,"c":2}}`:                     "/b/c",
		`{"a":[{"x":1},{"x":1,"x":2}]}`:                 "/a/1/x",
		`{"user_code":"A","user\u005fcode":"B"}`:        "/user_code",
		`{"a/b":1,"a/b":2}`:                             "/a~1b",
		`{"a":{"x":1},"b":{"x":1}}`:                     "",
		`{"user_code":"A","USER_CODE":"B"}`:             "",
		`[{"a":1},{"a":1}]`:                             "",
		`{"a":1`:                                        "",
		`not json`:                                      "",
		`{"error":"slow_down","error":"access_denied"}`: "/error",
	} {
		got, found := Duplicate([]byte(body))
		if got != want || found != (want != "") {
			t.Errorf("Duplicate(%s) = %q, %v; want %q", body, got, found, want)
		}
	}
}

func FuzzDuplicate(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":{"b":[1,{"c":1,"c":1}]}}`, `{"a":1}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ptr, found := Duplicate(b)
		if found && !json.Valid(b) {
			// A duplicate may be found before a later syntax error; that is
			// fine as long as the pointer is well formed.
			if ptr == "" || ptr[0] != '/' {
				t.Fatalf("bad pointer %q", ptr)
			}
		}
		if !found && json.Valid(b) {
			var m map[string]json.RawMessage
			if json.Unmarshal(b, &m) == nil && len(m) > 0 {
				// each top-level key is unique: re-encoding keeps the count
				if n := countTopKeys(b); n != len(m) {
					t.Fatalf("missed a duplicate: %d keys, %d unique", n, len(m))
				}
			}
		}
	})
}

// countTopKeys counts the top-level members of an object by tokens.
func countTopKeys(b []byte) int {
	dec := json.NewDecoder(bytesReader(b))
	if _, err := dec.Token(); err != nil {
		return -1
	}
	n := 0
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			return -1
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return -1
		}
		n++
	}
	return n
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
