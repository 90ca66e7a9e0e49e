package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExitCodes: asking for help succeeds; a wrong command line is a usage
// error (2), for the top level and every subcommand.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args string
		want int
	}{
		{"--help", exitOK},
		{"help", exitOK},
		{"login --help", exitOK},
		{"login gitlab -h", exitOK},
		{"login microsoft --help", exitOK},
		{"normalize --help", exitOK},
		{"", exitUsage},
		{"bogus", exitUsage},
		{"login", exitUsage},
		{"login gitlab --bogus", exitUsage},
		{"normalize", exitUsage},
		{"normalize --bogus", exitUsage},
	} {
		var out, errOut bytes.Buffer
		got := run(context.Background(), strings.Fields(tc.args), stdio{in: strings.NewReader(""), out: &out, err: &errOut})
		if got != tc.want {
			t.Errorf("devicecode %s: exit %d, want %d (stderr %q)", tc.args, got, tc.want, errOut.String())
		}
		if out.Len()+errOut.Len() == 0 {
			t.Errorf("devicecode %s printed nothing", tc.args)
		}
	}
}
