package devicecode

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Secret is a credential: a client secret, an API key, a password, an
// application's secret a vendor hands back. It is a string — a literal or
// Secret(s) makes one, string(s) reads it — but fmt (every verb), slog
// and encoding/json show [REDACTED] in its place (an empty one stays
// empty). So a struct holding Secrets prints, logs and marshals whole
// without showing them, and needs no redaction methods of its own.
// json.Unmarshal reads a Secret as the string it is.
type Secret string

// String is [REDACTED], or "" for an empty Secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return safetext.Redacted
}

// GoString is String quoted, for %#v.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format serves every verb with String: fmt would answer %x, %d, … with
// the bytes of the string.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'), verb == 'q':
		_, _ = io.WriteString(f, s.GoString())
	default:
		_, _ = io.WriteString(f, s.String())
	}
}

// LogValue keeps the Secret out of slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes String: a struct holding a Secret is not a storage
// format for it.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }
