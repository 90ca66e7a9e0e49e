package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// launcherEnv, set in a process's environment, makes the test binary the
// browser launcher of the CLI it runs ($BROWSER): it opens its last
// argument in the Chromium whose DevTools endpoint the variable holds.
const launcherEnv = "DEVICECODE_BROWSERTEST_DEVTOOLS"

// Main is the TestMain of a package of browser tests: in a process the
// CLI started as its browser, it opens the URL in the test's Chromium and
// exits; otherwise it runs the tests and removes the CLI built for them.
func Main(m *testing.M) {
	if devtools := os.Getenv(launcherEnv); devtools != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := OpenTab(ctx, devtools, os.Args[len(os.Args)-1])
		cancel()
		if err != nil {
			fmt.Fprintln(os.Stderr, "browsertest launcher:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if cli.dir != "" {
		_ = os.RemoveAll(cli.dir)
	}
	os.Exit(code)
}

// OpenTab opens pageURL in a new tab of the Chromium at devtools, as a
// person's browser opens the link the CLI hands it: DevTools' HTTP
// endpoint PUT /json/new?URL.
func OpenTab(ctx context.Context, devtools, pageURL string) error {
	//nolint:gosec // G704: the test's own Chromium on loopback, named in the environment the test set
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, devtools+"/json/new?"+url.QueryEscape(pageURL), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) //nolint:gosec // G704: as above
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s /json/new: HTTP %d", devtools, resp.StatusCode)
	}
	return nil
}

// LauncherEnv is the environment that makes a CLI's --open open its page
// in c: $BROWSER is this test binary in launcher mode (see Main), and
// $DEVICECODE_BROWSER, which would win over it, is empty.
func (c *Chromium) LauncherEnv(t testing.TB) []string {
	t.Helper()
	self, err := os.Executable()
	if err != nil || strings.Contains(self, "'") {
		t.Fatalf("the test binary %q cannot be $BROWSER: %v", self, err)
	}
	// Quoted: the CLI splits $BROWSER into words.
	return []string{"DEVICECODE_BROWSER=", "BROWSER='" + self + "'", launcherEnv + "=" + c.DevTools}
}
