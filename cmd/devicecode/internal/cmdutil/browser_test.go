package cmdutil

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBrowserLauncher: --open runs the command $DEVICECODE_BROWSER names,
// else $BROWSER's, split as a shell splits words, with the URL as its last
// argument and its output on stderr; with neither, the system's default.
func TestBrowserLauncher(t *testing.T) {
	const url = "http://127.0.0.1:7878/gitlab/oauth/device?user_code=WDJB-MJHT&x=1"
	argsFile := filepath.Join(t.TempDir(), "args")
	// The launcher writes its arguments one a line, and says so on stdout.
	record := `sh -c 'printf "%s\n" "$@" > ` + argsFile + `; echo launched' launcher 'two words' "a \"quoted\" one"`
	for _, tc := range []struct {
		name string
		env  map[string]string
	}{
		{"BROWSER", map[string]string{"BROWSER": record}},
		{"DEVICECODE_BROWSER first", map[string]string{"DEVICECODE_BROWSER": record, "BROWSER": "false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if err := newOpener(mapEnv(tc.env))(url, &stderr); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			if want := "two words\na \"quoted\" one\n" + url + "\n"; string(got) != want {
				t.Errorf("the launcher got arguments\n%s\nwant\n%s", got, want)
			}
			if stderr.String() != "launched\n" {
				t.Errorf("the launcher's output went elsewhere than stderr: %q", stderr.String())
			}
		})
	}
	t.Run("failures name the variable", func(t *testing.T) {
		for launcher, want := range map[string]string{
			"false":            "$BROWSER: exit status 1",
			`sh -c 'unclosed`:  "$BROWSER is not a command line",
			"   ":              "$BROWSER is not a command line",
			"no-such-launcher": `$BROWSER: exec: "no-such-launcher"`,
		} {
			err := newOpener(mapEnv(map[string]string{"BROWSER": launcher}))(url, &bytes.Buffer{})
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("BROWSER=%q: error %v, want one starting %q", launcher, err, want)
			}
		}
	})
	t.Run("default", func(t *testing.T) {
		got := newOpener(mapEnv(nil))
		if reflect.ValueOf(got).Pointer() != reflect.ValueOf(openDefault).Pointer() {
			t.Error("with neither variable set, --open does not use the system's default browser")
		}
	})
}

func mapEnv(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}
