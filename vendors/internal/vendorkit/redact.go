package vendorkit

import (
	"fmt"
	"io"
	"net/url"

	"github.com/devicecode/devicecode/internal/hostname"
)

// Format prints a value that holds a secret by its redacted forms for
// every verb: gs (its GoString) for %#v, s (its String) quoted for %q and
// s for all the others. Without a Format method fmt answers %d, %o, %t, …
// with the struct's fields, past String, the secret among them.
func Format(f fmt.State, verb rune, s, gs string) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, gs)
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", s)
	default:
		_, _ = io.WriteString(f, s)
	}
}

// ShowURL is raw with any password in its user information redacted (a
// Config refuses user information, but a refused Config may still be
// printed) and its host in ASCII, as every message names a host
// (hostname.URL).
func ShowURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		raw = u.Redacted()
	}
	return hostname.URL(raw)
}
