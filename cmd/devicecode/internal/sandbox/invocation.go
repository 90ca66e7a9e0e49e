package sandbox

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// readmeTarget is how the README runs the CLI, from the repository's
// root: `go run ./cmd/devicecode`.
const readmeTarget = "./cmd/devicecode"

// invocation is the words that run this CLI again, for the commands the
// sandbox prints: pasted, they must run the same CLI the same way the
// person ran the sandbox. A `go run` build lives in the go command's
// work directory (go-build… under $GOTMPDIR or the temporary directory)
// or, since Go 1.24, in its build cache ($GOCACHE, by default go-build
// under the user cache directory): pasting that path would run a binary
// the go command may delete, so a go run build prints `go run` as the
// README does (./cmd/devicecode from the repository's root; the import
// path elsewhere, which the go command finds in the workspace). Any other
// build prints the name it was run by, which resolves again in the same
// shell (devicecode on the PATH, ./devicecode in its directory).
func invocation() []string {
	exe, err := os.Executable()
	if err != nil || !goRunBuild(exe, os.Getenv("GOCACHE")) {
		return []string{os.Args[0]}
	}
	if st, err := os.Stat(filepath.FromSlash(readmeTarget)); err == nil && st.IsDir() {
		return []string{"go", "run", readmeTarget}
	}
	if bi, ok := debug.ReadBuildInfo(); ok && strings.Contains(bi.Path, ".") {
		return []string{"go", "run", bi.Path}
	}
	return []string{"go", "run", readmeTarget}
}

// goRunBuild reports whether exe is an executable `go run` built: below a
// directory named go-build… (the work directory, or the default cache),
// or below gocache, the GOCACHE the go command was given.
func goRunBuild(exe, gocache string) bool {
	exe = filepath.Clean(exe)
	if gocache != "" && strings.HasPrefix(exe, filepath.Clean(gocache)+string(filepath.Separator)) {
		return true
	}
	return slices.ContainsFunc(strings.Split(filepath.Dir(exe), string(filepath.Separator)),
		func(dir string) bool { return strings.HasPrefix(dir, "go-build") })
}
