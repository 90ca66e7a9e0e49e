package sandbox

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// defaultCAFile is where `sandbox --tls` writes its CA certificate without
// --write-ca: devicecode/sandbox-PORT-ca.pem in the user's cache
// directory. Not the shared temporary directory: a client told
// SSL_CERT_FILE=PATH trusts whatever PATH holds for every host, so PATH
// must be one no other user can write or replace; the user's cache is
// theirs alone. The port keeps two sandboxes' CAs apart, and the same
// address gives the same path from run to run (the commands in a shell's
// history still work).
func defaultCAFile(addr string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", cmdutil.Usagef("--tls: no user cache directory for the CA (%v): give --write-ca PATH", err)
	}
	_, port, _ := net.SplitHostPort(addr)
	return filepath.Join(dir, "devicecode", "sandbox-"+port+"-ca.pem"), nil
}

// writeCAFile writes the CA certificate to path whole: into a new file
// beside it, renamed over path, so that a client never reads half of one,
// and a path someone else created (or a link) is replaced, not written
// through.
func writeCAFile(path string, pem []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("--write-ca: %w", cmdutil.PathError(err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sandbox-ca-*.pem")
	if err != nil {
		return fmt.Errorf("--write-ca: %w", cmdutil.PathError(err))
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; a failed write leaves nothing
	if _, err := tmp.Write(pem); err != nil {
		tmp.Close() //nolint:errcheck // the write's error is the one to report
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // a certificate is public: any client may read it
		tmp.Close() //nolint:errcheck // the chmod's error is the one to report
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
