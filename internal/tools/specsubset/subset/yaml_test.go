package subset

import (
	"bytes"
	"testing"
)

func TestToJSON(t *testing.T) {
	// JSON is returned as written: a re-encoding would turn 1.0 into 1.
	js := []byte("\n {\"openapi\": \"3.0.1\", \"x\": 1.0}")
	if got, err := ToJSON(js); err != nil || !bytes.Equal(got, js) {
		t.Errorf("ToJSON(JSON) = %q, %v; want it unchanged", got, err)
	}
	got, err := ToJSON([]byte("openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses:\n        \"201\": {description: ok}\n"))
	want := `{"openapi":"3.0.1","paths":{"/a":{"get":{"responses":{"201":{"description":"ok"}}}}}}`
	if err != nil || string(got) != want {
		t.Errorf("ToJSON(YAML) = %s, %v; want %s", got, err, want)
	}
	if _, err := ToJSON([]byte("a: [unclosed")); err == nil {
		t.Error("ToJSON accepted malformed YAML")
	}
}
