package normalize_test

import (
	"errors"
	"testing"

	"github.com/devicecode/devicecode/normalize"
)

// Every refusal of a device answer is an invalid response, whichever way
// it was refused.
func TestRefusalsAreInvalidResponses(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":     `{"device_code":`,
		"schema":       `{"device_code":"x"}`,
		"foreign host": `{"device_code":"x","user_code":"U","verification_uri":"https://evil.example/d","expires_in":300}`,
	} {
		_, err := normalize.Decode(normalize.GitLab, []byte(body), normalize.WithVerificationHosts("gitlab.example.com"))
		if !errors.Is(err, normalize.ErrInvalidResponse) {
			t.Errorf("%s: %v is not ErrInvalidResponse", name, err)
		}
	}
}
