package shared

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// AddCAFileFlag defines --ca-file FILE on c, the same for every appliance
// (Cohesity's cluster, the VB365 server): its CA or self-signed
// certificate, which Config.CAPEM then trusts alone.
func AddCAFileFlag(c *cobra.Command, path *string) {
	c.Flags().StringVar(path, "ca-file", "",
		"trust only the certificates in this PEM `FILE` (the server's self-signed one, or its CA)")
}

// ReadCAFile reads the PEM file --ca-file names; "" reads none.
func ReadCAFile(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(path) //nolint:gosec // G304: reading the file the user named is the flag
	if err != nil {
		return nil, cmdutil.Usagef("--ca-file: %v", cmdutil.PathError(err))
	}
	return pem, nil
}

// CAFileError is the usage error for a --ca-file the vendor's Config
// refused (its *ConfigError for CAPEM/Pins).
func CAFileError(path, reason string) error {
	return cmdutil.Usagef("--ca-file %s: %s", path, reason)
}

// SecretFile is a secret that never comes from a flag's value, which ps and
// shell history keep: it is read from the file a flag names, else from an
// environment variable.
type SecretFile struct {
	Flag string // "--api-key-file"
	Env  string // "DEVICECODE_COHESITY_API_KEY"
	What string // "the cluster's API key", in messages
	// Trim removes what the file may hold around the secret (a final
	// newline; for a key, any space).
	Trim func(string) string
}

// AddFlag defines the flag on c, reading into path.
func (s SecretFile) AddFlag(c *cobra.Command, path *string) {
	c.Flags().StringVar(path, strings.TrimPrefix(s.Flag, "--"), "", "read "+s.What+" from `FILE` (else $"+s.Env+")")
}

// Read returns the secret in the file at path, or in the environment when
// path is "" (fromEnv). A file that cannot be read, or does not hold one
// line, is a usage error; a secret found nowhere is "" (see Required).
func (s SecretFile) Read(path string) (secret string, fromEnv bool, err error) {
	if path == "" {
		secret = os.Getenv(s.Env)
		return secret, secret != "", nil
	}
	b, err := os.ReadFile(path) //nolint:gosec // G304: reading the file the user named is the flag
	if err != nil {
		return "", false, cmdutil.Usagef("%s: %v", s.Flag, cmdutil.PathError(err))
	}
	secret = s.Trim(string(b))
	if secret == "" || strings.ContainsAny(secret, "\r\n") {
		return "", false, cmdutil.Usagef("%s %s: want one line holding %s", s.Flag, path, s.What)
	}
	return secret, false, nil
}

// Required is the usage error for a secret found nowhere.
func (s SecretFile) Required() error {
	return cmdutil.Usagef("%s is required: set $%s or pass %s", s.What, s.Env, s.Flag)
}

// TrimNewline removes the line ending a file ends in; a password may
// begin or end with a space.
func TrimNewline(s string) string { return strings.TrimRight(s, "\r\n") }
