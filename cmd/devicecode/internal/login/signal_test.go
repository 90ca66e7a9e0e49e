package login

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/prompt"
)

// TestInterruptClearsCountdown: a sign-in interrupted on a terminal exits
// 130 with the countdown line cleared, in-process.
func TestInterruptClearsCountdown(t *testing.T) {
	t.Parallel()
	base := clitest.OAuthServer(t, nil, clitest.Refuse("authorization_pending"))
	limit, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	ctx, cancel := context.WithCancelCause(limit)
	scr, stream := clitest.NewScreen(40), &clitest.SyncBuffer{}
	go func() {
		clitest.WaitFor(limit, t, stream, "expires in")
		cancel(cmdutil.SignalError{Signal: syscall.SIGINT})
	}()
	f := clitest.FactoryOn(nil, &clitest.SyncBuffer{},
		clitest.WriterFunc(func(p []byte) (int, error) { _, _ = stream.Write(p); return scr.Write(p) }))
	f.IO.ErrWidth = func() (int, bool) { return 40, true }
	code := run(ctx, clitest.GitLabArgs(base), f)
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if !strings.HasSuffix(stream.String(), prompt.ClearLine) {
		t.Errorf("stderr does not end by clearing the countdown: %q", stream.String())
	}
	screenShows(t, scr, map[string]int{"expires in": 0})
}
