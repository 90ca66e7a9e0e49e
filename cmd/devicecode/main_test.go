package main

import (
	"os"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
)

// TestMain makes the test binary the CLI itself when DEVICECODE_TEST_MAIN
// is set (signal_test.go execs it); otherwise the tests run without the
// secrets a developer's environment may hold.
func TestMain(m *testing.M) {
	if os.Getenv("DEVICECODE_TEST_MAIN") == "1" {
		main()
		return
	}
	clitest.Main(m)
}
