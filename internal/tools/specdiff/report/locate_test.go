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

// A finding about neither an operation nor a schema (Cohesity's upstream
// drops a security scheme) still names its subject: the id is what
// specs/ACCEPTED-CHANGES.json names, and it ended in a space, the summary
// began with ": ".
func TestChangeNamesSecuritySchemeSubject(t *testing.T) {
	f := finding{ID: "api-security-component-removed", Text: "the component security scheme `SessionIdHeader` was removed", Level: 1, Section: "components"}
	c := Input{Mapping: &Mapping{}}.change(f, nil)
	if c.ID != "api-security-component-removed SessionIdHeader" {
		t.Errorf("id %q", c.ID)
	}
	if c.Summary != "SessionIdHeader: the component security scheme `SessionIdHeader` was removed" {
		t.Errorf("summary %q", c.Summary)
	}
}
