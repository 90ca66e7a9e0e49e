// Package sharedpath locates the upstream material (vendor specs, captured
// fixtures) that tests read in place from ../shared beside the checkout and
// never copy into the project.
package sharedpath

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvVar overrides the location of the shared directory.
const EnvVar = "DEVICECODE_SHARED"

// Dir returns the shared directory joined with sub. When it is absent the
// test is skipped with instructions, except under CI=true where absence is a
// failure: CI must prove conformance, not skip it.
func Dir(t testing.TB, sub ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{root()}, sub...)...)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared material %s is missing under CI: %v", dir, err)
		}
		t.Skipf("shared material %s not found; set %s to the directory holding vendor-specs/ and fixtures/", dir, EnvVar)
	}
	return dir
}

func root() string {
	if d := os.Getenv(EnvVar); d != "" {
		return d
	}
	// The repository root is two levels above this file.
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
}
