package report

import "testing"

func TestIndexLines(t *testing.T) {
	doc := []byte("{\n  \"a\": {\n    \"b/c\": [\n      1,\n      {\n        \"d\": true\n      }\n    ]\n  },\n  \"e\": \"x\"\n}\n")
	want := map[int]string{2: "/a", 3: "/a/b~1c", 4: "/a/b~1c/0", 5: "/a/b~1c/1", 6: "/a/b~1c/1/d", 10: "/e"}
	got := indexLines(doc)
	for line, ptr := range want {
		if got[line] != ptr {
			t.Errorf("line %d: got %q, want %q", line, got[line], ptr)
		}
	}
}

func TestLocate(t *testing.T) {
	s, m := locate("/components/schemas/RESTExceptionInfo/properties/errorCode/enum/3")
	if s != "RESTExceptionInfo" || m != "errorCode" {
		t.Fatalf("got %q %q", s, m)
	}
	s, m = locate("/paths/~1token/post/requestBody/content/application~1json/schema/properties/grant_type")
	if s != "" || m != "grant_type" {
		t.Fatalf("got %q %q", s, m)
	}
}
