package subset

import (
	"bytes"
	"fmt"

	"github.com/oasdiff/yaml"
)

// ToJSON returns an upstream document as JSON. Vendors publish OpenAPI as
// JSON (Veeam) or YAML (cohesity/go-sdk's v2/api/openapi.yaml); a JSON
// document passes unchanged, so its numbers keep their spelling, and YAML is
// converted by the same package kin-openapi reads YAML with.
func ToJSON(data []byte) ([]byte, error) {
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return data, nil
	}
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("subset: decoding YAML: %w", err)
	}
	return j, nil
}
