package conform

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// conform reads captures and specs from disk only when they are regular
// files: opening a FIFO blocks until a writer comes — forever, for a stray
// pipe named *.json among captures — and a device may never end. A walk
// skips such a file with a note; one named on the command line is refused.
// Files are opened without blocking and checked again once open, so one
// swapped for a pipe after the check cannot block either.

// notRegularError is a file conform will not read.
type notRegularError struct{ what string }

func (e *notRegularError) Error() string { return "is " + e.what + ", not a regular file" }

// irregular names what a file of mode m is when it is neither a regular
// file nor a directory; "" when it is one of those.
func irregular(m fs.FileMode) string {
	switch {
	case m.IsRegular(), m.IsDir():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func checkMode(fi fs.FileInfo, err error) error {
	if err != nil {
		return err
	}
	if what := irregular(fi.Mode()); what != "" {
		return &notRegularError{what: what}
	}
	return nil
}

// openRegular opens a regular file or a directory for reading, never
// blocking; anything else is a *notRegularError.
func openRegular(path string) (*os.File, error) {
	if err := checkMode(os.Stat(path)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0) //nolint:gosec // G304: reading the files the user named is the command
	if err != nil {
		return nil, err
	}
	if err := checkMode(f.Stat()); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// readCapture reads a capture as readBody reads a file, if it is regular.
func readCapture(file string) ([]byte, error) {
	f, err := openRegular(file)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read only: Close has nothing to report
	return cmdutil.ReadResponse(f, file)
}

// skipNote says on stderr that a walk passed over a file.
func skipNote(w io.Writer) func(path string, err error) {
	return func(path string, err error) {
		fmt.Fprintf(w, "devicecode conform: skipping %s: %s\n", safetext.Escape(path), safetext.Show(err.Error()))
	}
}

// walkedIrregular is a *notRegularError for a walked entry that is not a
// regular file (a symbolic link judged by its target, which stat reads);
// nil otherwise: an entry that cannot be stat'ed fails when read.
func walkedIrregular(d fs.DirEntry, stat func() (fs.FileInfo, error)) error {
	var nr *notRegularError
	if d.Type()&fs.ModeSymlink != 0 && errors.As(checkMode(stat()), &nr) {
		return nr
	}
	if what := irregular(d.Type()); what != "" && d.Type()&fs.ModeSymlink == 0 {
		return &notRegularError{what: what}
	}
	return nil
}

// diskFS is os.DirFS(root) whose files open through openRegular, so that
// neither a walk nor a $ref can block on a pipe.
type diskFS string

func (root diskFS) Open(name string) (fs.File, error) {
	p, err := root.path("open", name)
	if err != nil {
		return nil, err
	}
	f, err := openRegular(p)
	if err != nil {
		return nil, relative(err, "open", name)
	}
	return f, nil
}

func (root diskFS) Stat(name string) (fs.FileInfo, error) {
	p, err := root.path("stat", name)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, relative(err, "stat", name)
	}
	return fi, nil
}

func (root diskFS) path(op, name string) (string, error) {
	local, err := filepath.Localize(name)
	if err != nil {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(string(root), local), nil
}

// relative names the file in err as the fs.FS does, as os.DirFS does.
func relative(err error, op, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}
