package durable_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// addOrganization is the integrator's follow-up job: Veeam's completion
// step, with the outcome sealed in its arguments.
type addOrganization struct {
	Outcome durable.SealedOutcome `json:"outcome"`
}

func (addOrganization) Kind() string { return "add_veeam_organization" }

type addOrganizationWorker[TTx any] struct {
	river.WorkerDefaults[addOrganization]
	flows *durable.Flows[TTx]
	vb    *veeam.Client
	added chan<- string
}

func (w *addOrganizationWorker[TTx]) Work(ctx context.Context, job *river.Job[addOrganization]) error {
	out, err := w.flows.OpenOutcome(job.Args.Outcome)
	if err != nil {
		return err
	}
	org, err := w.vb.AddOrganization(ctx, veeam.NewOrganizationOptions{}, out.UserCode)
	if err != nil {
		return err
	}
	w.added <- org.ID
	return nil
}

// TestCompletionStepAsFollowUpJob: OnOutcome inserts Veeam's
// AddOrganization as a job of the integrator's, in the transaction that
// completes the sign-in, on the same River client; it runs once the
// sign-in has committed and adds the organization.
func TestCompletionStepAsFollowUpJob(t *testing.T) {
	onBoth(t, testCompletionStepAsFollowUpJob[pgx.Tx], testCompletionStepAsFollowUpJob[*sqlTx])
}

func testCompletionStepAsFollowUpJob[TTx any](t *testing.T, b backend[TTx]) {
	vb := devicetest.NewVeeam(devicetest.VeeamOptions{Password: "secret", Person: devicetest.ApproveAfter(time.Second)})
	defer vb.Close()
	c, err := veeam.New(veeam.Config{BaseURL: vb.URL, Username: "admin", Password: "secret",
		Target: veeam.NewOrganization(veeam.RegionWorldwide)})
	if err != nil {
		t.Fatal(err)
	}
	added := make(chan string, 1)
	w := &addOrganizationWorker[TTx]{vb: c, added: added}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	f, err := durable.New(b.replica(t), durable.Config[TTx]{
		Clients: map[string]devicecode.Client{"veeam": c}, Logger: quiet,
		Keys:  oneKey(t),
		River: &river.Config{Workers: workers, Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}}},
		OnOutcome: func(ctx context.Context, tx TTx, d durable.Delivery) error {
			sealed, err := w.flows.SealOutcome(d)
			if err != nil {
				return err
			}
			_, err = river.ClientFromContext[TTx](ctx).InsertTx(ctx, tx, addOrganization{sealed}, nil)
			return err
		}})
	if err != nil {
		t.Fatal(err)
	}
	w.flows = f
	if err := f.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, f)
	started, err := f.Begin(context.Background(), "veeam")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-added:
		if id == "" {
			t.Error("AddOrganization answered no organization ID")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no organization added 30 s after the sign-in began")
	}
	if s := waitFor(t, f, started.ID, "approved", phase(durable.PhaseApproved)); s.Err != "" {
		t.Errorf("status %+v", s)
	}
	sealed, err := f.SealOutcome(durable.Delivery{ID: started.ID, Outcome: &devicecode.Outcome{Vendor: "veeam", UserCode: "X"}})
	if err != nil {
		t.Fatal(err)
	}
	sealed.Flow++ // passed off as another flow's
	if _, err := f.OpenOutcome(sealed); !errors.Is(err, durable.ErrKey) {
		t.Errorf("opening one flow's outcome as another's: %v; want a key error", err)
	}
}
