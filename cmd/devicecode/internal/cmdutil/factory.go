// Package cmdutil is what every devicecode command is built from: the
// Factory (the streams, and what tests replace), the errors that decide
// the exit status, the flag helpers, and the conventions of the command
// tree (one-line usage errors, help that fits the terminal).
package cmdutil

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/devicecode/devicecode"
)

// IOStreams are a command's standard streams. Tests give buffers, and say
// how wide a terminal each stands for.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrWidth makes ErrOut a terminal of that width (tests); when nil,
	// ErrOut is a terminal if it is one.
	ErrWidth func() (int, bool)
	// OutWidth likewise for Out, where help goes.
	OutWidth func() (int, bool)
}

// ErrTerminal reports whether ErrOut is a terminal that understands cursor
// controls, and how to read its width (afresh on every call, so that a
// resized window is honoured).
func (s *IOStreams) ErrTerminal() (bool, func() (int, bool)) {
	if s.ErrWidth != nil {
		return true, s.ErrWidth
	}
	return isTerminal(s.ErrOut), func() (int, bool) { return terminalWidth(s.ErrOut) }
}

// OutTerminalWidth is the width of the terminal Out is, false when Out is
// none (a pipe, a file).
func (s *IOStreams) OutTerminalWidth() (int, bool) {
	if s.OutWidth != nil {
		return s.OutWidth()
	}
	if !isTerminal(s.Out) {
		return 0, false
	}
	return terminalWidth(s.Out)
}

// Factory is what every command is built from, as gh's: the streams, and
// what a test replaces.
type Factory struct {
	IO *IOStreams
	// ClientOptions are added to every vendor client a command builds;
	// tests put a fake clock here.
	ClientOptions []devicecode.Option
	// Browser opens url in a browser (--open): the command
	// $DEVICECODE_BROWSER or $BROWSER names, else the default one; tests
	// replace it so that no browser starts.
	Browser func(url string, stderr io.Writer) error
	// BuildTime is the build time `devicecode version` shows, when a
	// release build set it (main.buildTime).
	BuildTime string
}

// System is the Factory of the process: its standard streams and the
// browser its environment names.
func System(buildTime string) *Factory {
	return &Factory{
		IO:        &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr},
		Browser:   newOpener(os.Getenv),
		BuildTime: buildTime,
	}
}

// isTerminal reports whether w is a terminal that understands cursor
// controls (TERM=dumb ones do not).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && os.Getenv("TERM") != "dumb" && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width of the terminal w in columns.
func terminalWidth(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return 0, false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	return width, err == nil && width > 0
}
