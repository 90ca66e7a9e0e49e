// Package browsertest drives a headless Chromium through devicetest's
// verification pages, as a person signs in: the end-to-end tests of
// `login --open` against the sandbox, and the pages' screenshots (make
// screenshots). One Chromium per test, on loopback only.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// chromiumNames are the executables tried on PATH, Debian's first
// (apt-get install chromium); $DEVICECODE_CHROMIUM overrides them.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// chromiumPath is the Chromium to run, or "" when none is installed.
func chromiumPath() string {
	if p := os.Getenv("DEVICECODE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// RequireChromium is the path of Chromium. Without one the test skips,
// except under CI=true, where it fails: CI installs it (.ci/run).
func RequireChromium(t testing.TB) string {
	t.Helper()
	p := chromiumPath()
	if p != "" {
		return p
	}
	const how = "the browser tests need Chromium (apt-get install chromium, or set DEVICECODE_CHROMIUM)"
	if os.Getenv("CI") == "true" {
		t.Fatal(how + "; CI=true requires them")
	}
	t.Skip(how + "; skipped")
	return ""
}

// Chromium is a headless Chromium of one test.
type Chromium struct {
	// Ctx is a chromedp context on the browser's first tab.
	Ctx context.Context
	// DevTools is the browser's DevTools HTTP endpoint
	// (http://127.0.0.1:PORT), where /json/new opens a tab.
	DevTools string
}

// StartChromium starts Chromium for the test, stopped when it ends.
func StartChromium(t testing.TB) *Chromium {
	t.Helper()
	path := RequireChromium(t)
	// Not t.TempDir: Chromium's helpers may still write there for a
	// moment after it exits, which fails TempDir's cleanup.
	profile, err := os.MkdirTemp("", "browsertest-chromium-") //nolint:usetesting // see above
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeLater(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox, // root in containers has no user namespace for the sandbox
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		// A debugging port, not chromedp's default pipe: the launcher
		// that --open runs opens its tab over HTTP. Port 0 picks one;
		// Chromium writes it to DevToolsActivePort in the profile.
		remote.WebSocket,
		chromedp.Flag("remote-debugging-address", "127.0.0.1"),
		chromedp.Flag("remote-debugging-port", "0"),
		// Hermetic: no name resolves but loopback's, so a page that
		// links out (a real vendor's site) fails here, not on the net.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		// Closes the browser and waits for it, at most a few seconds.
		stop, cancelStop := context.WithTimeout(ctx, 5*time.Second)
		_ = chromedp.Cancel(stop)
		cancelStop()
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", path, err)
	}
	port, err := activePort(profile)
	if err != nil {
		t.Fatal(err)
	}
	return &Chromium{Ctx: ctx, DevTools: "http://127.0.0.1:" + port}
}

// removeLater removes dir, retrying for a few seconds while Chromium's
// last helper processes exit; what remains is the OS's to clean.
func removeLater(dir string) {
	for range 50 {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// activePort reads the DevTools port Chromium chose from its profile.
func activePort(profile string) (string, error) {
	b, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort")) //nolint:gosec // G304: Chromium's file in the profile this package made
	if err != nil {
		return "", fmt.Errorf("chromium's DevTools port: %w", err)
	}
	port, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(port), nil
}

// Tab is a new tab of c, closed when the test ends; ctx's deadline
// bounds its actions.
func (c *Chromium) Tab(ctx context.Context, t testing.TB) *Page {
	t.Helper()
	tab, cancel := chromedp.NewContext(c.Ctx)
	t.Cleanup(cancel)
	return NewPage(withDeadline(ctx, tab, t), t)
}

// Opened waits for the tab the launcher opened at a URL starting with
// prefix, and attaches to it. ctx bounds the wait and the tab's actions.
func (c *Chromium) Opened(ctx context.Context, t testing.TB, prefix string) *Page {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	for {
		targets, err := chromedp.Targets(c.Ctx) //nolint:contextcheck // the browser is c.Ctx's; wait bounds the loop
		if err != nil {
			t.Fatalf("listing Chromium's tabs: %v", err)
		}
		for _, info := range targets {
			if info.Type == "page" && strings.HasPrefix(info.URL, prefix) {
				tab, cancel := chromedp.NewContext(c.Ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				return NewPage(withDeadline(ctx, tab, t), t)
			}
		}
		select {
		case <-wait.Done():
			t.Fatalf("no tab at %s opened in Chromium: %v", prefix, context.Cause(wait))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// withDeadline is the chromedp context tab bounded by ctx's deadline:
// chromedp's tab lives as long as the context of its first action, so
// the deadline goes on the tab, not on each action.
func withDeadline(ctx, tab context.Context, t testing.TB) context.Context {
	deadline, ok := ctx.Deadline()
	if !ok {
		return tab
	}
	tab, cancel := context.WithDeadline(tab, deadline)
	t.Cleanup(cancel)
	return tab
}
