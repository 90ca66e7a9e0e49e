package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/devicecode/devicecode/vendors/cohesity"
)

// check finds what the flag parser cannot, then reads the files and the
// key, in the order a person fixes things.
func (a *cohesityArgs) check() error {
	switch {
	case a.baseURL == "":
		return usagef("--base-url is required")
	case a.domain == "":
		return usagef("--domain is required")
	case a.timeout < 0:
		return usagef("--timeout must not be negative")
	case a.clusterID < 0:
		return usagef("--access-cluster-id must not be negative")
	case a.createApps < 0:
		return usagef("--create-apps must not be negative")
	case a.createApps > 0 && a.username == "":
		return usagef("--create-apps needs --username")
	case a.createApps == 0 && (a.username != "" || a.region != ""):
		return usagef("--username and --region go with --create-apps")
	case a.region != "" && !slices.Contains(cohesityRegions, a.region):
		return usagef("--region must be %s", joinOr(cohesityRegions))
	}
	if err := checkHosts(a.allowHosts); err != nil {
		return err
	}
	if err := a.readKey(); err != nil {
		return err
	}
	if a.caFile != "" {
		pem, err := os.ReadFile(a.caFile)
		if err != nil {
			return usagef("--ca-file: %v", pathError(err))
		}
		a.caPEM = pem
	}
	return nil
}

// readKey takes the API key from --api-key-file, else the environment.
func (a *cohesityArgs) readKey() error {
	if a.keyFile == "" {
		a.apiKey = os.Getenv(cohesityKeyEnv)
		if a.apiKey == "" {
			return usagef("the cluster's API key is required: set $%s or pass --api-key-file", cohesityKeyEnv)
		}
		return nil
	}
	b, err := os.ReadFile(a.keyFile)
	if err != nil {
		return usagef("--api-key-file: %v", pathError(err))
	}
	a.apiKey = string(bytes.TrimSpace(b))
	if a.apiKey == "" || strings.ContainsAny(a.apiKey, "\r\n") {
		return usagef("--api-key-file %s: want one line holding the API key", a.keyFile)
	}
	return nil
}

// pathError is the reason a file could not be read, without Go's "open".
func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// configUsage turns a *cohesity.ConfigError into a usage error naming the
// flag; other errors pass through.
func (a *cohesityArgs) configUsage(err error) error {
	var ce *cohesity.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	switch ce.Field {
	case "BaseURL":
		return usagef("--base-url %s", ce.Reason)
	case "Domain":
		return usagef("--domain %s", ce.Reason)
	case "CAPEM/Pins":
		return usagef("--ca-file %s: %s", a.caFile, ce.Reason)
	}
	return usagef("%s", err)
}
