// Package clitest runs devicecode's commands in tests as the CLI runs
// them: under a "devicecode" root finished with cmdutil.Finish, on
// buffers, with the exit status the process would have. It also holds
// the test doubles several commands' tests share: a terminal (Screen), a
// buffer safe for concurrent use, and an OAuth server in GitLab's and
// Entra's layout.
package clitest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// Main runs the tests of a package that runs commands, without the
// secrets a developer's environment may hold (the commands read them).
func Main(m *testing.M) {
	for _, v := range []string{"DEVICECODE_CLIENT_SECRET", "DEVICECODE_COHESITY_API_KEY", "DEVICECODE_VEEAM_PASSWORD"} {
		if err := os.Unsetenv(v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// Factory is a Factory on buffers (*SyncBuffer) reading stdin, whose
// browser refuses to open.
func Factory(stdin string) *cmdutil.Factory {
	return &cmdutil.Factory{
		IO:      &cmdutil.IOStreams{In: strings.NewReader(stdin), Out: &SyncBuffer{}, ErrOut: &SyncBuffer{}},
		Browser: func(string, io.Writer) error { return errors.New("tests open no browser") },
	}
}

// FactoryOn is Factory on the streams given (in nil: an empty stdin).
func FactoryOn(in io.Reader, out, errOut io.Writer) *cmdutil.Factory {
	f := Factory("")
	if in != nil {
		f.IO.In = in
	}
	f.IO.Out, f.IO.ErrOut = out, errOut
	return f
}

// Root is the tree "devicecode" holding cmds, finished as the CLI's root
// is.
func Root(s *cmdutil.IOStreams, cmds ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{Use: "devicecode"}
	cmdutil.SetStreams(root, s)
	root.AddCommand(cmds...)
	cmdutil.Finish(root, s)
	return root
}

// Group is a command use that only groups cmds, as login groups the
// vendors: a vendor's command is tested under it, so that its path is
// "devicecode login VENDOR".
func Group(use string, cmds ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: use}
	g.AddCommand(cmds...)
	return g
}

// Exec runs args on the tree of cmd (built on f) and returns the exit
// status.
func Exec(ctx context.Context, f *cmdutil.Factory, cmd *cobra.Command, args ...string) int {
	return cmdutil.Execute(ctx, Root(f.IO, cmd), args, f.IO)
}

// Run is Exec bounded by 20 seconds, returning what f's buffers (from
// Factory) hold: stdout and stderr.
func Run(t *testing.T, f *cmdutil.Factory, cmd *cobra.Command, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code = Exec(ctx, f, cmd, args...)
	return code, text(f.IO.Out), text(f.IO.ErrOut)
}

func text(w io.Writer) string {
	if s, ok := w.(fmt.Stringer); ok {
		return s.String()
	}
	return ""
}

// SyncBuffer is a bytes.Buffer a command writes while the test reads.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// WriterFunc adapts a function to io.Writer.
type WriterFunc func([]byte) (int, error)

func (f WriterFunc) Write(p []byte) (int, error) { return f(p) }

// WaitFor waits until b contains s.
func WaitFor(ctx context.Context, t *testing.T, b fmt.Stringer, s string) {
	t.Helper()
	for !strings.Contains(b.String(), s) {
		if ctx.Err() != nil {
			t.Errorf("no %q on stderr:\n%s", s, b.String())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitForMatch polls b until re matches, returning the first group.
func WaitForMatch(ctx context.Context, t *testing.T, b fmt.Stringer, re *regexp.Regexp) string {
	t.Helper()
	for ctx.Err() == nil {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no match for %s in:\n%s", re, b.String())
	return ""
}

var userCodeRE = regexp.MustCompile(`enter the code\n\n {4}(\S+)\n`)

// ShownUserCode is the user code of a prompt in out, as a person reads it off
// the terminal: the indented line after "enter the code"; false until the
// prompt shows it.
func ShownUserCode(out string) (string, bool) {
	if m := userCodeRE.FindStringSubmatch(out); m != nil {
		return m[1], true
	}
	return "", false
}

// WaitForUserCode is the user code of the prompt on b, once shown.
func WaitForUserCode(ctx context.Context, t *testing.T, b fmt.Stringer) string {
	t.Helper()
	for ctx.Err() == nil {
		if code, ok := ShownUserCode(b.String()); ok {
			return code
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no user code on stderr:\n%s", b.String())
	return ""
}

// usageLine is one line naming the command, the problem and where help is.
var usageLine = regexp.MustCompile(`^(devicecode[a-z ]*): [^\n]+ \(see '(devicecode[a-z ]*) --help'\)\n$`)

// CheckUsageLine checks that a usage error is one line, with no usage
// dump, and that the help it points to is the failing command's.
func CheckUsageLine(t *testing.T, stderr string) {
	t.Helper()
	m := usageLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Errorf("usage error is not one line ending in (see '… --help'):\n%s", stderr)
		return
	}
	if m[1] != m[2] {
		t.Errorf("usage error of %q points to the help of %q", m[1], m[2])
	}
}

// CheckFlowErrorLine checks that a failed flow ends stderr with one line,
// "devicecode: " and the vendor package's error, which names its vendor
// once.
func CheckFlowErrorLine(t *testing.T, stderr, vendor string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "devicecode: "+vendor+": ") || strings.Count(last, vendor+": ") != 1 {
		t.Errorf("error line %q, want \"devicecode: %s: …\" naming the vendor once", last, vendor)
	}
}

// DeviceCodes is the shape of the device codes devicetest's fakes issue.
var DeviceCodes = regexp.MustCompile(`\bdc-[0-9a-z]{24}`)

// NotShown fails t if out (named name) shows any of secrets, or anything
// of the shapes.
func NotShown(t *testing.T, name, out string, secrets []string, shapes ...*regexp.Regexp) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%s shows the secret %q:\n%s", name, s, out)
		}
	}
	for _, re := range shapes {
		if m := re.FindString(out); m != "" {
			t.Errorf("%s shows %q:\n%s", name, m, out)
		}
	}
}

// SecretFile writes secret into a file of its own, as --api-key-file and
// --password-file read it.
func SecretFile(t *testing.T, secret string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(name, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}
