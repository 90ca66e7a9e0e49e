package redaction_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// echoSecret is a client's own secret that a hostile or careless server
// echoes back in its error answers. Percent-encoding, JSON and base64 each
// change it, so each form of the echo is a different string.
const echoSecret = `SECRET/echo+key=5e1f&x"y`

// echoClientID is the client id that goes with echoSecret in HTTP Basic.
const echoClientID = "echo app"

// redactedMark is what the clients put where a secret was.
const redactedMark = "[REDACTED]"

// echoForms are the forms a server can echo echoSecret in: as the client
// sent it (raw, form-encoded, JSON-escaped), base64, and the HTTP Basic
// credentials; basic is false for a client that never sends them.
func echoForms(basic bool) []string {
	forms := []string{echoSecret, url.QueryEscape(echoSecret), lowerEscapes(url.QueryEscape(echoSecret)),
		strings.Trim(mustJSON(echoSecret), `"`), base64.StdEncoding.EncodeToString([]byte(echoSecret))}
	if basic {
		pair := url.QueryEscape(echoClientID) + ":" + url.QueryEscape(echoSecret)
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte(pair)))
	}
	return forms
}

// lowerEscapes writes the percent-escapes of s in lower case, as RFC 3986
// §2.1 allows.
func lowerEscapes(s string) string {
	return regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(s, strings.ToLower)
}

// echoText is a server's description that echoes every form, and the
// secret once more split by an escape sequence, which safetext would
// remove when showing it.
func echoText(basic bool) string {
	split := echoSecret[:6] + "\x1b[0m" + echoSecret[6:]
	return "request rejected: " + strings.Join(echoForms(basic), " | ") + " | " + split
}

// mustJSON marshals test data (strings, maps of strings), which cannot
// fail.
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// writeEcho answers with a JSON body.
func writeEcho(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, mustJSON(body))
}

// echoed checks an error a client returned after an echo: the secret is
// masked where the server text is shown, and in none of its forms in the
// error's renderings (Error(), every fmt verb, slog, each error in its
// chain) nor in the fields of the errors errors.As reaches.
func echoed(t *testing.T, name string, err error, basic bool) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", name)
	}
	if !strings.Contains(err.Error(), redactedMark) {
		t.Errorf("%s: the echo is not in the error, masked: %v", name, err)
	}
	fields := reachable(err)
	if len(fields) == 0 {
		t.Errorf("%s: errors.As reaches no error type with server text: %v", name, err)
	}
	hidden(t, name, append(errorTexts(err), fields...), echoForms(basic)...)
}

// duplicated is a JSON object that names the secret as a member twice,
// after members, which a client refuses naming the member.
func duplicated(members string) string {
	return "{" + members + "," + mustJSON(echoSecret) + ":1," + mustJSON(echoSecret) + ":2}"
}

// echoedComposed is echoed for server text a client composed into a
// message, such as a member name: the error, every fmt verb and slog of
// it, and the fields errors.As reaches. The composed error the client
// wrapped still holds the text (vendorkit.Masker.Err), so the chain is
// not walked.
func echoedComposed(t *testing.T, name string, err error) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), redactedMark) {
		t.Fatalf("%s: want an error with the echo masked, got %v", name, err)
	}
	shown := append(render(err, false), rendering{"Error()", err.Error()})
	pointer := strings.NewReplacer("~", "~0", "/", "~1").Replace(echoSecret)
	hidden(t, name, append(shown, reachable(err)...), append(echoForms(false), pointer)...)
}

// reachable renders the fields of every error type with server text that
// errors.As finds in err, as a caller who prints oe.Description would.
func reachable(err error) []rendering {
	var out []rendering
	show := func(v any) { out = append(out, rendering{fmt.Sprintf("errors.As %T", v), fmt.Sprintf("%#v", v)}) }
	if oe := (*devicecode.OAuthError)(nil); errors.As(err, &oe) {
		show(*oe)
		for k, raw := range oe.Extra {
			out = append(out, rendering{"OAuthError.Extra", k + "=" + string(raw)})
		}
	}
	if me := (*microsoft.Error)(nil); errors.As(err, &me) {
		show(fmt.Sprintf("%v %q %q", me.ErrorCodes, me.TraceID, me.CorrelationID))
	}
	if he := (*devicecode.HTTPError)(nil); errors.As(err, &he) {
		show(*he)
	}
	if ne := (*normalize.Error)(nil); errors.As(err, &ne) {
		show(*ne)
	}
	if ce := (*cohesity.Error)(nil); errors.As(err, &ce) {
		show(*ce)
	}
	if ve := (*veeam.Error)(nil); errors.As(err, &ve) {
		show(*ve)
	}
	return out
}
