package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder captures failures so that Check's verdicts can be tested.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, got string
		fail      bool
	}{
		{path, "same\n", false},
		{path, "different\n", true},
		{path + ".missing", "same\n", true},
	} {
		r := &recorder{TB: t}
		Check(r, tc.path, []byte(tc.got))
		if r.failed != tc.fail {
			t.Errorf("Check(%s, %q) failed = %v, want %v", filepath.Base(tc.path), tc.got, r.failed, tc.fail)
		}
	}
}
