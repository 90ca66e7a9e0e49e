package microsoft_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// Entra's answers point at Microsoft's device-login hosts of each cloud;
// any other host is refused unless the caller allowed it.
func TestVerificationHostPolicy(t *testing.T) {
	answer := func(uri string) devicetest.Options {
		return devicetest.Options{Intercept: onDevice(func(w http.ResponseWriter, _ *http.Request) {
			vendortest.WriteJSON(w, http.StatusOK, map[string]any{
				"device_code": "dc-1", "user_code": "ABCD-EFGH", "verification_uri": uri,
				"expires_in": 900, "interval": 5, "message": "To sign in, use a web browser.",
			})
		})}
	}
	for _, uri := range []string{
		"https://microsoft.com/devicelogin", "https://www.microsoft.com/link", "https://aka.ms/devicelogin",
		"https://microsoft.com/deviceloginus", "https://login.microsoftonline.us/common/oauth2/deviceauth",
		"https://microsoft.com/deviceloginchina", "https://login.chinacloudapi.cn/common/oauth2/deviceauth",
	} {
		e := setup(t, microsoft.Config{}, answer(uri))
		if _, err := e.client.Start(vendortest.Context(t)); err != nil {
			t.Errorf("%s: %v", uri, err)
		}
	}
	e := setup(t, microsoft.Config{}, answer("https://microsoft.com.evil.example/devicelogin"))
	_, err := e.client.Start(vendortest.Context(t))
	var he *normalize.HostError
	if !errors.As(err, &he) || he.Host != "microsoft.com.evil.example" {
		t.Fatalf("err = %v, want a *normalize.HostError naming the host", err)
	}
	e = setup(t, microsoft.Config{}, answer("https://microsoft.com.evil.example/devicelogin"), devicecode.WithVerificationHosts("microsoft.com.evil.example"))
	if _, err := e.client.Start(vendortest.Context(t)); err != nil {
		t.Fatalf("allowed host refused: %v", err)
	}
}
