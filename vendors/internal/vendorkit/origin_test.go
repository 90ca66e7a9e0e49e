package vendorkit_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// TestOrigin: one server has one spelling, whatever the configuration
// wrote — case, a default port, a trailing slash, Unicode or IDNA — and
// its message names it in ASCII.
func TestOrigin(t *testing.T) {
	origin := func(raw string) devicecode.Origin {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return vendorkit.Origin(u, "Contoso.onmicrosoft.com", "app")
	}
	for _, same := range [][]string{
		{"https://gitlab.münchen.de", "HTTPS://GITLAB.xn--mnchen-3ya.de:443/", "https://gitlab.MÜNCHEN.de/"},
		{"https://vb365.example.com:4443/base", "https://VB365.example.com:4443/base/"},
		{"http://[::1]:80/x", "http://[::1]/x"},
	} {
		want := origin(same[0])
		for _, raw := range same[1:] {
			if got := origin(raw); got != want {
				t.Errorf("%s → %s, %s → %s; want one origin", same[0], want, raw, got)
			}
		}
	}
	if got := origin("https://gitlab.münchen.de").String(); !strings.Contains(got, "https://gitlab.xn--mnchen-3ya.de tenant contoso.onmicrosoft.com client app") {
		t.Errorf("origin shown as %q", got)
	}
	if origin("https://a.example.com:8443") == origin("https://a.example.com") {
		t.Error("another port is another instance")
	}
}
