package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/devicecode/devicecode/normalize"
)

// PathError is the reason a file could not be read, without Go's "open".
func PathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// ReadResponse reads a response body from r (named name in errors), at
// most one byte more than normalize.Decode accepts, so that a huge input
// is refused by Decode (naming the limit) without being read whole.
func ReadResponse(r io.Reader, name string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, normalize.MaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return body, nil
}
