package jsonstrict

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
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

func TestDuplicateFold(t *testing.T) {
	for body, want := range map[string]string{
		`{"device_code":"A","DEVICE_CODE":"B"}`: "/DEVICE_CODE",
		`{"interval":5,"INTERVAL":1}`:           "/INTERVAL",
		`{"k":1,"\u212a":2}`:                    "/\u212a", // the Kelvin sign folds to k
		`{"extra":{"a":1,"A":2}}`:               "",        // a map keeps both
		`{"extra":{"a":1,"a":2}}`:               "/extra/a",
	} {
		got, found := duplicateFold([]byte(body))
		if got != want || found != (want != "") {
			t.Errorf("duplicateFold(%s) = %q, %v; want %q", body, got, found, want)
		}
	}
}

// Deep nesting costs memory linear in the depth and stops at MaxDepth:
// a 1 MiB body of "[" or {"a": must not take gigabytes.
func TestDuplicateDeepNesting(t *testing.T) {
	for _, open := range []string{"[", `{"a":`} {
		deep := []byte(strings.Repeat(open, 200000))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, found := Duplicate(deep); found {
			t.Errorf("%q×200000: a duplicate found", open)
		}
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("%q×200000 allocated %d MB", open, grew>>20)
		}
	}
	ok := strings.Repeat(`{"a":`, 100) + `{"x":1,"x":2}` + strings.Repeat("}", 100)
	if ptr, found := Duplicate([]byte(ok)); !found || ptr != strings.Repeat("/a", 100)+"/x" {
		t.Errorf("nested duplicate: %q, %v", ptr, found)
	}
}

func FuzzDuplicate(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":{"b":[1,{"c":1,"c":1}]}}`, `{"a":1}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ptr, found := Duplicate(b)
		if _, folded := duplicateFold(b); found && !folded {
			t.Fatalf("exact duplicate %q missed when folding case", ptr)
		}
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
