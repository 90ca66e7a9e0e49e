package normalize

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/safetext"
)

// The device code is a bearer secret: whoever holds it during the lifetime
// receives the person's tokens once they approve (RFC 8628 §5.6). MSAL Go
// prints it in String(); we print a fixed redaction through every fmt verb
// and slog, so that logging a DeviceCode (or a struct holding one) is safe.
// The user code, URIs and timing are what a person sees anyway and stay
// visible for debugging. Extra values are not shown either: nobody vetted
// them.

const redacted = safetext.Redacted

var (
	_ fmt.Formatter  = DeviceCode{}
	_ fmt.Stringer   = DeviceCode{}
	_ fmt.GoStringer = DeviceCode{}
	_ slog.LogValuer = DeviceCode{}
)

// String describes d without its device code.
func (d DeviceCode) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "{Vendor:%s DeviceCode:%s UserCode:%s VerificationURI:%s", d.Vendor, d.deviceCodeMark(), d.UserCode, d.VerificationURI)
	if d.VerificationURIComplete != "" {
		fmt.Fprintf(&b, " VerificationURIComplete:%s", d.VerificationURIComplete)
	}
	fmt.Fprintf(&b, " ExpiresIn:%s ExpiresAt:%s Interval:%s", d.ExpiresIn, d.ExpiresAt.UTC().Format(time.RFC3339), d.Interval)
	if d.Message != "" {
		fmt.Fprintf(&b, " Message:%q", d.Message)
	}
	if keys := d.extraKeys(); len(keys) > 0 {
		fmt.Fprintf(&b, " Extra:%v", keys)
	}
	b.WriteString("}")
	return b.String()
}

// GoString serves %#v with the same redaction.
func (d DeviceCode) GoString() string { return "normalize.DeviceCode" + d.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q, %x, …) go through the
// redacted forms; without it %x of the struct would print the code in hex.
func (d DeviceCode) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, d.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", d.String())
	default:
		fmt.Fprint(f, d.String())
	}
}

// LogValue logs the non-secret fields as a group.
func (d DeviceCode) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("vendor", string(d.Vendor)),
		slog.String("device_code", d.deviceCodeMark()),
		slog.String("user_code", d.UserCode),
		slog.String("verification_uri", d.VerificationURI),
		slog.Duration("expires_in", d.ExpiresIn),
		slog.Time("expires_at", d.ExpiresAt),
		slog.Duration("interval", d.Interval),
	}
	if d.VerificationURIComplete != "" {
		attrs = append(attrs, slog.String("verification_uri_complete", d.VerificationURIComplete))
	}
	if keys := d.extraKeys(); len(keys) > 0 {
		attrs = append(attrs, slog.Any("extra_keys", keys))
	}
	return slog.GroupValue(attrs...)
}

// deviceCodeMark says whether there is a device code without showing it.
func (d DeviceCode) deviceCodeMark() string {
	if d.DeviceCode == "" {
		return "(none)"
	}
	return redacted
}

func (d DeviceCode) extraKeys() []string {
	keys := make([]string, 0, len(d.Extra))
	for k := range d.Extra {
		keys = append(keys, excerpt(k))
	}
	sort.Strings(keys)
	return keys
}
