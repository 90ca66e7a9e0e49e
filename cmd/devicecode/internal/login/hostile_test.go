package login

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// hostile is what a compromised server might put in any text field: an OSC
// title change, a colour, a bell, a C1 CSI, a bidi override, an isolate.
const hostile = "\x1b]0;pwned\x07\x1b[31mRED\u009b2J\u202eevil\u2066x\x07"

// TestHostileServerTextNeverReachesTheTerminal drives every server-supplied
// text field through `devicecode login` and checks that neither stream
// carries a byte a terminal would act on.
func TestHostileServerTextNeverReachesTheTerminal(t *testing.T) {
	j := func(s string) string { b, _ := json.Marshal(s); return string(b[1 : len(b)-1]) }
	oauth := func(status int, code, desc, uri string) string {
		return rawHTTP(status, "Bad Request", "application/json",
			fmt.Sprintf(`{"error":"%s","error_description":"%s","error_uri":"%s"}`, j(code), j(desc), j(uri)))
	}
	cases := []struct {
		name          string
		vendor        string
		device, token string // raw HTTP responses; "" = a normal answer
		args          []string
		exit          int
	}{
		{name: "device error, description and uri", vendor: "gitlab",
			device: oauth(400, "invalid_scope", hostile, "https://x.example/"+hostile), exit: cmdutil.ExitError},
		{name: "device error code", vendor: "gitlab", device: oauth(400, hostile, "d", ""), exit: cmdutil.ExitError},
		{name: "token error code and description", vendor: "gitlab",
			token: oauth(400, hostile, hostile, hostile), exit: cmdutil.ExitError},
		{name: "access_denied description", vendor: "microsoft",
			token: oauth(400, "access_denied", hostile, ""), exit: cmdutil.ExitError},
		{name: "HTTP reason phrase and HTML body", vendor: "gitlab",
			device: rawHTTP(502, "Oops "+hostile, "text/html", "<h1>"+hostile+"</h1>"), exit: cmdutil.ExitError},
		{name: "content type", vendor: "gitlab",
			device: rawHTTP(500, "Internal Server Error", "text/html"+hostile, "<h1>x</h1>"), exit: cmdutil.ExitError},
		{name: "retried 503 with hostile reason phrase", vendor: "gitlab",
			token: rawHTTP(503, "Busy "+hostile, "text/plain", hostile), exit: cmdutil.ExitError},
		// A type other than Bearer is refused (RFC 6749 §7.1), in a safe text.
		{name: "token_type", vendor: "gitlab",
			token: rawHTTP(200, "OK", "application/json", `{"access_token":"AT","token_type":"`+j("Bearer"+hostile)+`"}`), exit: cmdutil.ExitError},
		{name: "scope and tokens in the summary", vendor: "gitlab",
			token: rawHTTP(200, "OK", "application/json", `{"access_token":"AT","token_type":"bearer",`+
				`"scope":"`+j(hostile)+`","id_token":"`+j(hostile)+`","refresh_token":"`+j(hostile)+`"}`), exit: cmdutil.ExitOK},
		{name: "scope and tokens in --output json", vendor: "microsoft", args: []string{"--output", "json"},
			token: rawHTTP(200, "OK", "application/json", `{"access_token":"AT","token_type":"Bearer",`+
				`"scope":"`+j(hostile)+`","id_token":"`+j(hostile)+`","refresh_token":"`+j(hostile)+`"}`), exit: cmdutil.ExitOK},
		{name: "user code", vendor: "gitlab",
			device: rawHTTP(200, "OK", "application/json", `{"device_code":"D","user_code":"`+j(hostile)+
				`","verification_uri":"https://127.0.0.1/oauth/device","expires_in":300}`), exit: cmdutil.ExitError},
		{name: "verification uri", vendor: "gitlab",
			device: rawHTTP(200, "OK", "application/json", `{"device_code":"D","user_code":"ABCD",`+
				`"verification_uri":"https://127.0.0.1/`+j(hostile)+`","expires_in":300}`), exit: cmdutil.ExitError},
		{name: "unknown member names", vendor: "gitlab",
			device: rawHTTP(200, "OK", "application/json", `{"`+j(hostile)+`":1,"`+j(hostile)+`":2}`), exit: cmdutil.ExitError},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := rawServer(t, tt.device, tt.token)
			args := []string{"login", "gitlab", "--base-url", base + "/gitlab", "--client-id", "app"}
			if tt.vendor == "microsoft" {
				args = []string{"login", "microsoft", "--authority-host", base + "/entra", "--tenant", "contoso.onmicrosoft.com",
					"--client-id", "app", "--scope", "User.Read"}
			}
			// A transient answer is retried until expiry: stop after two.
			code, stdout, stderr := runCLI(t, "", append(append(args, tt.args...), "--timeout", "2500ms")...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.exit, stderr)
			}
			for name, s := range map[string]string{"stdout": stdout, "stderr": stderr} {
				if r, ok := safetext.Unsafe(s); ok {
					t.Errorf("%s carries %U:\n%q", name, r, s)
				}
			}
			t.Logf("stderr: %s", stderr)
		})
	}
}

// rawHTTP is a whole HTTP/1.1 response, written byte for byte: net/http's
// server would refuse control characters in a reason phrase or header.
func rawHTTP(status int, reason, contentType, body string) string {
	return fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, reason, contentType, len(body), body)
}

// rawServer answers device requests with device and token requests with
// token (raw responses through a hijacked connection), or a normal answer
// when empty. The verification URI of the normal device answer is the
// server itself, as GitLab's is.
func rawServer(t *testing.T, device, token string) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := token
		if strings.Contains(r.URL.Path, "device") {
			raw = device
		}
		if raw == "" && strings.Contains(r.URL.Path, "device") {
			raw = rawHTTP(200, "OK", "application/json", `{"device_code":"D","user_code":"ABCD-EFGH","verification_uri":"`+
				srv.URL+`/gitlab/oauth/device","expires_in":300,"interval":1}`)
		}
		if raw == "" {
			raw = rawHTTP(200, "OK", "application/json", `{"access_token":"AT","token_type":"Bearer"}`)
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		writeRaw(buf, conn, raw)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func writeRaw(buf *bufio.ReadWriter, _ net.Conn, raw string) {
	_, _ = buf.WriteString(raw)
	_ = buf.Flush()
}

// TestTokenTypeRefused: a token of a type the CLI cannot use (RFC 6749
// §7.1) ends the login with exit 1 and a line naming the type, and the
// token is not printed as if signed in.
func TestTokenTypeRefused(t *testing.T) {
	base := rawServer(t, "", rawHTTP(200, "OK", "application/json", `{"access_token":"MAC-KEY-ID","token_type":"mac","mac_key":"k"}`))
	code, stdout, stderr := runCLI(t, "", "login", "gitlab", "--base-url", base+"/gitlab", "--client-id", "app", "--timeout", "5s")
	if code != cmdutil.ExitError || !strings.Contains(stderr, `"mac" token`) || strings.Contains(stderr+stdout, "signed in") {
		t.Errorf("exit %d, want %d with the type named\nstdout: %s\nstderr: %s", code, cmdutil.ExitError, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "MAC-KEY-ID") {
		t.Errorf("the refused token is shown")
	}
}
