package login

import (
	"context"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/interop"
)

// TestLoginIntervalOmitted: against an independent RFC 8628 server that
// sends no interval (zitadel's OP told to omit it), both login commands sign
// in, and the first poll waits RFC 8628 §3.2's 5 s: the user approves at
// once, so an earlier poll would have ended the command sooner.
func TestLoginIntervalOmitted(t *testing.T) {
	if testing.Short() {
		t.Skip("interop: starts a real authorization server")
	}
	for _, tt := range []struct {
		layout interop.Layout
		args   func(*interop.Server) []string
	}{
		{interop.LayoutGitLab, func(s *interop.Server) []string {
			return []string{"login", "gitlab", "--base-url", s.BaseURL, "--client-id", s.PublicClientID}
		}},
		{interop.LayoutMicrosoft, func(s *interop.Server) []string {
			return []string{"login", "microsoft", "--authority-host", s.BaseURL, "--tenant", "organizations",
				"--client-id", s.PublicClientID, "--scope", "openid"}
		}},
	} {
		t.Run(string(tt.layout), func(t *testing.T) {
			t.Parallel()
			srv := interop.Start(t, interop.Options{Layout: tt.layout, Interval: -1})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			errOut := &clitest.SyncBuffer{}
			exit := make(chan int, 1)
			go func() { exit <- run(ctx, tt.args(srv), clitest.FactoryOn(nil, &clitest.SyncBuffer{}, errOut)) }()
			userCode := clitest.WaitForUserCode(ctx, t, errOut)
			shown := time.Now()
			if err := srv.Approve(ctx, userCode); err != nil {
				t.Fatal(err)
			}
			if code := <-exit; code != cmdutil.ExitOK {
				t.Fatalf("exit %d\nstderr:\n%s", code, errOut.String())
			}
			waited := time.Since(shown)
			t.Logf("%s: signed in %s after the prompt", tt.layout, waited.Round(time.Millisecond))
			// The prompt is seen a little after the answer (and the poll scheduled
			// from it): a loose lower bound still tells 5 s from 0 or 1 s.
			if waited < 4*time.Second || waited > 12*time.Second {
				t.Errorf("signed in %s after the prompt; want the first poll at 5 s", waited)
			}
		})
	}
}
