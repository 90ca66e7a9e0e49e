package subset

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// Decode parses a JSON document keeping numbers as written, so that
// re-encoding never changes 1.0 into 1 or loses int64 precision.
func Decode(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("subset: decoding JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("subset: decoding JSON: trailing data after the document")
	}
	return doc, nil
}

// Encode writes doc deterministically: keys sorted (encoding/json sorts map
// keys), two-space indent, no HTML escaping, one trailing newline.
func Encode(doc map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("subset: encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// Validate loads data with kin-openapi, refusing external refs, and
// validates the result against the OpenAPI specification.
func Validate(ctx context.Context, data []byte) error {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return err
	}
	return doc.Validate(ctx)
}
