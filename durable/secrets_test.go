package durable_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
)

// TestNothingSecretStored: every table, dumped while a flow is pending and
// after it was approved, holds neither its device code, nor its user code,
// nor its tokens, in plaintext.
func TestNothingSecretStored(t *testing.T) {
	onBoth(t, testNothingSecretStored[pgx.Tx], testNothingSecretStored[*sqlTx])
}

func testNothingSecretStored[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	var mu sync.Mutex
	var tokens []string
	keep := func(ctx context.Context, tx TTx, d durable.Delivery) error {
		mu.Lock()
		tokens = append(tokens, d.Outcome.Token.AccessToken, d.Outcome.Token.RefreshToken)
		mu.Unlock()
		return b.store(ctx, tx, d)
	}
	f := replica(t, b, keyring(t, "k1", map[string][]byte{"k1": newKey(t)}),
		map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, keep)
	started, err := f.Begin(context.Background(), "gitlab")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, f, started.ID, "polled", func(s *durable.Status) bool { return s.Polls >= 1 })
	secrets := []string{started.Prompt.UserCode, tokenPolls(gl)[0].Form.Get("device_code")}
	assertNotIn(t, "pending", b.dump(t), secrets)
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	waitFor(t, f, started.ID, "approved", phase(durable.PhaseApproved))
	mu.Lock()
	secrets = append(secrets, tokens...)
	mu.Unlock()
	assertNotIn(t, "approved", b.dump(t), secrets)
}

func assertNotIn(t *testing.T, when, dump string, secrets []string) {
	t.Helper()
	if len(dump) < 100 {
		t.Fatalf("%s: the dump holds nothing to search: %q", when, dump)
	}
	for _, s := range secrets {
		if s == "" || strings.Contains(dump, s) {
			t.Errorf("%s: the database holds %q in plaintext (or the secret is empty)", when, s)
		}
	}
}
