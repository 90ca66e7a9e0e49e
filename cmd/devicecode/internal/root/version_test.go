package root

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

func TestVersionText(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "devicecode version (devel)"},
		{"work tree without VCS", &debug.BuildInfo{GoVersion: "go1.25.3", Main: debug.Module{Version: "(devel)"}},
			"devicecode version (devel)\ngo: go1.25.3"},
		{"go install @version", &debug.BuildInfo{GoVersion: "go1.25.3", Main: debug.Module{Version: "v1.2.3"},
			Settings: settings("vcs.revision", "0123abcd", "vcs.time", "2025-06-01T12:00:00Z", "vcs.modified", "false")},
			"devicecode version v1.2.3\nrevision: 0123abcd\ncommit time: 2025-06-01T12:00:00Z\ngo: go1.25.3"},
		{"modified work tree", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "0123abcd", "vcs.modified", "true")},
			"devicecode version (devel)\nrevision: 0123abcd (modified)"},
	} {
		if got := versionText(tc.info, ""); got != tc.want {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	if got := versionText(nil, "2025-06-02T00:00:00Z"); !strings.HasSuffix(got, "\nbuild time: 2025-06-02T00:00:00Z") {
		t.Errorf("with -X main.buildTime: %s", got)
	}
}

// TestVersionCommands: --version, -v and `version` print the same, on
// stdout, for this binary.
func TestVersionCommands(t *testing.T) {
	want := versionText(buildInfo(), "") + "\n"
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
		code, stdout, stderr := runCLI(t, "", args...)
		if code != cmdutil.ExitOK || stdout != want || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", args, code, stdout, stderr, want)
		}
	}
	if !strings.HasPrefix(want, "devicecode version ") {
		t.Errorf("version text %q", want)
	}
}
