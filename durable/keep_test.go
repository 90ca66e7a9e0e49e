package durable_test

import (
	"context"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
)

// TestKeepRetried: the write that keeps an approved outcome fails once,
// as a refused connection or a failover would make it fail; the outcome,
// which exists only in the worker then, is delivered all the same, and
// the redeemed code is not polled again. (PostgreSQL only: a trigger
// makes the write fail.)
func TestKeepRetried(t *testing.T) {
	t.Parallel()
	b := postgres(t)
	ctx := context.Background()
	exec := b.replica(t).GetExecutor()
	// A sequence, not a table: nextval survives the failed statement's
	// rollback, so the write fails exactly once.
	for _, q := range []string{
		"CREATE SEQUENCE keep_tries",
		`CREATE FUNCTION fail_first_keep() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.state = 'running' AND NEW.metadata->'output' ? 'outcome' THEN
				IF nextval('keep_tries') = 1 THEN
					RAISE EXCEPTION 'the first write of an outcome fails';
				END IF;
			END IF;
			RETURN NEW;
		END $$`,
		"CREATE TRIGGER fail_first_keep BEFORE UPDATE ON river_job FOR EACH ROW EXECUTE FUNCTION fail_first_keep()",
	} {
		if err := exec.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	keys := oneKey(t)
	f := replica(t, b, keys, map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, nil)
	started, err := f.Begin(ctx, "gitlab")
	if err != nil {
		t.Fatal(err)
	}
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	waitFor(t, f, started.ID, "approved", phase(durable.PhaseApproved))
	if n := b.delivered(t, started.ID); n != 1 {
		t.Errorf("outcome delivered %d times; want once", n)
	}
	polls := tokenPolls(gl)
	if len(polls) != 1 {
		t.Errorf("%d polls; want the one that got the token", len(polls))
	}
	assertSchedule(t, polls, time.Second)
}
