package durable_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// secrets collects what must never reach a table in plaintext: the
// device codes and user codes the clients got, the tokens OnOutcome got,
// the vendors' credentials.
type secrets struct {
	mu   sync.Mutex
	list []string
}

func (s *secrets) add(v ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range v {
		if x != "" {
			s.list = append(s.list, x)
		}
	}
}

// capturing is a client whose flows' codes are collected.
type capturing struct {
	devicecode.Client
	s *secrets
}

func (c capturing) Start(ctx context.Context) (*devicecode.Flow, error) {
	f, err := c.Client.Start(ctx)
	if err == nil {
		st := f.State()
		c.s.add(st.DeviceCode.DeviceCode, st.DeviceCode.UserCode)
	}
	return f, err
}

// TestNoPlaintextSecretInTheDatabase runs flows of every vendor to their
// outcome and dumps every table while they are pending and after: no
// device code, user code, token or credential appears, as such or
// JSON-escaped.
func TestNoPlaintextSecretInTheDatabase(t *testing.T) {
	onBoth(t, testNoPlaintextSecret[pgx.Tx], testNoPlaintextSecret[*sqlTx])
}

func testNoPlaintextSecret[TTx any](t *testing.T, b backend[TTx]) {
	s := &secrets{}
	clients := everyVendor(t, s)
	store := func(ctx context.Context, tx TTx, d durable.Delivery) error {
		if tok := d.Outcome.Token; tok != nil {
			s.add(tok.AccessToken, tok.RefreshToken)
			if id, _ := tok.Extra("id_token").(string); id != "" {
				s.add(id)
			}
		}
		return b.store(ctx, tx, d)
	}
	f := replica(t, b, oneKey(t), clients, store)
	var ids []int64
	for name := range clients {
		started, err := f.Begin(context.Background(), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids = append(ids, started.ID)
	}
	for _, id := range ids {
		waitFor(t, f, id, "polled", func(s *durable.Status) bool { return s.Polls >= 1 })
	}
	pending := b.dump(t) // every flow's State is in its job's output now
	for _, id := range ids {
		waitFor(t, f, id, "approved", phase(durable.PhaseApproved))
		if n := b.delivered(t, id); n != 1 {
			t.Errorf("flow %d delivered %d times", id, n)
		}
	}
	dump := pending + b.dump(t)
	if !strings.Contains(dump, durable.JobKind) {
		t.Fatalf("the dump holds no sign-in job:\n%s", dump)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.list) < 12 {
		t.Fatalf("collected only %d secrets: the flows did not run as expected", len(s.list))
	}
	for _, secret := range s.list {
		quoted, _ := json.Marshal(secret)
		if strings.Contains(dump, secret) || strings.Contains(dump, strings.Trim(string(quoted), `"`)) {
			t.Errorf("the database holds a secret in plaintext (%d characters, starting %.3q)", len(secret), secret)
		}
	}
}

// everyVendor starts the four fakes, each approving a code after 6 s
// (Cohesity and Veeam poll every 5 s), and returns a client of each whose codes go to s.
func everyVendor(t *testing.T, s *secrets) map[string]devicecode.Client {
	t.Helper()
	person := devicetest.ApproveAfter(6 * time.Second)
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Person: person})
	ms := devicetest.NewMicrosoft(devicetest.Options{Interval: time.Second, Person: person})
	co := devicetest.NewCohesity(devicetest.CohesityOptions{Person: person})
	vb := devicetest.NewVeeam(devicetest.VeeamOptions{Password: "veeam-password-not-to-store", Person: person})
	t.Cleanup(func() { gl.Close(); ms.Close(); co.Close(); vb.Close() })
	s.add(devicetest.CohesityAPIKey, "veeam-password-not-to-store")
	build := map[string]func() (devicecode.Client, error){
		"gitlab": func() (devicecode.Client, error) { return gitlabClient(t, gl), nil },
		"entra": func() (devicecode.Client, error) {
			return microsoft.New(microsoft.Config{AuthorityHost: ms.URL, Tenant: microsoft.TenantOrganizations,
				ClientID: "00000000-0000-0000-0000-000000000000", Scopes: []string{"openid", "User.Read"}})
		},
		"cohesity": func() (devicecode.Client, error) {
			return cohesity.New(cohesity.Config{BaseURL: co.URL, APIKey: devicetest.CohesityAPIKey,
				Domain: "contoso.onmicrosoft.com"})
		},
		"veeam": func() (devicecode.Client, error) {
			return veeam.New(veeam.Config{BaseURL: vb.URL, Username: "admin", Password: "veeam-password-not-to-store",
				Target: veeam.NewOrganization(veeam.RegionWorldwide)})
		},
	}
	clients := map[string]devicecode.Client{}
	for name, b := range build {
		c, err := b()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		clients[name] = capturing{c, s}
	}
	return clients
}
