package durable_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// A web backend's sign-ins, as every replica serves them: POST /sign-ins
// begins one and answers its prompt, GET /sign-ins/{id} reads it from any
// replica, DELETE /sign-ins/{id} cancels it; the outcome handler stores
// the token in the backend's own table, in the transaction that completes
// the flow. SQLite and devicetest's GitLab stand in for PostgreSQL and
// gitlab.com here; the README has the PostgreSQL program, the same code on
// riverpgxv5 and a pgx.Tx.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "durable-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	db, err := durable.OpenSQLite(ctx, filepath.Join(dir, "flows.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	driver := riversqlite.New(db)
	if err := durable.Migrate(ctx, driver); err != nil { // at deploy time: River's own tables
		log.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE gitlab_tokens (flow INTEGER, access_token TEXT, refresh_token TEXT, expiry TIMESTAMP)"); err != nil {
		log.Fatal(err)
	}
	// DEVICECODE_KEYS as the secret store hands it over: ID:base64 pairs,
	// the primary first.
	keys, err := keyringFromEnv("2026-12:" + base64.StdEncoding.EncodeToString(newRandomKey()))
	if err != nil {
		log.Fatal(err)
	}
	fake := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer fake.Close()
	gl, err := gitlab.New(gitlab.Config{BaseURL: fake.URL, ClientID: "app", Scopes: []string{"read_user"}})
	if err != nil {
		log.Fatal(err)
	}
	flows, err := durable.New(driver, durable.Config[*sql.Tx]{
		Clients: map[string]devicecode.Client{"gitlab": gl},
		Keys:    keys,
		OnOutcome: func(ctx context.Context, tx *sql.Tx, d durable.Delivery) error {
			t := d.Outcome.Token
			_, err := tx.ExecContext(ctx, "INSERT INTO gitlab_tokens VALUES (?, ?, ?, ?)", d.ID, t.AccessToken, t.RefreshToken, t.Expiry)
			return err
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := flows.Start(ctx); err != nil {
		log.Fatal(err)
	}
	defer func() { _ = flows.Stop(ctx) }()
	api := httptest.NewServer(routes(flows))
	defer api.Close()

	// The backend's front end: a sign-in the person approves at the
	// fake's page, one the person gives up on.
	approved := call(http.MethodPost, api.URL+"/sign-ins")
	if err := fake.Approve(approved.Prompt.UserCode); err != nil {
		log.Fatal(err)
	}
	approved = untilEnded(api.URL, approved.ID)
	var stored int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM gitlab_tokens WHERE flow = ?", approved.ID).Scan(&stored); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, %d token stored\n", approved.Phase, stored)
	canceled := call(http.MethodPost, api.URL+"/sign-ins")
	// Cancel waits for an execution of the flow in flight to end.
	fmt.Println(call(http.MethodDelete, fmt.Sprintf("%s/sign-ins/%d", api.URL, canceled.ID)).Phase)
	// Output:
	// approved, 1 token stored
	// canceled
}

// keyringFromEnv reads keys as "id:base64,id:base64", the primary first:
// to rotate, put a new key first and keep the old one until the flows it
// sealed have ended.
func keyringFromEnv(spec string) (*durable.Keyring, error) {
	keys, primary := map[string][]byte{}, ""
	for entry := range strings.SplitSeq(spec, ",") {
		id, b64, _ := strings.Cut(entry, ":")
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, fmt.Errorf("DEVICECODE_KEYS: key %q: %w", id, err)
		}
		if primary == "" {
			primary = id
		}
		keys[id] = key
	}
	return durable.NewKeyring(primary, keys)
}

// routes is the sign-in API every replica serves; a Status, which holds
// no secret, is its answer. A real one checks that the sign-in {id} is
// the caller's: IDs are River's job IDs, sequential.
func routes[TTx any](flows *durable.Flows[TTx]) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /sign-ins", func(w http.ResponseWriter, r *http.Request) {
		started, err := flows.Begin(r.Context(), "gitlab")
		if err != nil {
			log.Printf("sign-in: %v", err)
			http.Error(w, "GitLab did not start the sign-in", http.StatusBadGateway)
			return
		}
		reply(w, &durable.Status{ID: started.ID, Phase: durable.PhasePending, Prompt: &started.Prompt}, nil)
	})
	mux.HandleFunc("GET /sign-ins/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		s, err := flows.Status(r.Context(), id) // on any replica
		reply(w, s, err)
	})
	mux.HandleFunc("DELETE /sign-ins/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		s, err := flows.Cancel(r.Context(), id)
		reply(w, s, err)
	})
	return mux
}

func reply(w http.ResponseWriter, s *durable.Status, err error) {
	switch {
	case errors.Is(err, durable.ErrNotFound):
		http.Error(w, "no such sign-in", http.StatusNotFound)
	case err != nil: // the database, or a key this replica lacks
		log.Printf("sign-in: %v", err)
		http.Error(w, "the sign-in cannot be read", http.StatusInternalServerError)
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s) // the prompt while pending, Err once failed
	}
}

// call is the front end's request to the API.
func call(method, url string) durable.Status {
	req, err := http.NewRequestWithContext(context.Background(), method, url, http.NoBody)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var s durable.Status
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		log.Fatalf("%s %s: HTTP %d: %v", method, url, resp.StatusCode, err)
	}
	return s
}

// untilEnded asks for the sign-in's status until it has ended.
func untilEnded(api string, id int64) durable.Status {
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s := call(http.MethodGet, fmt.Sprintf("%s/sign-ins/%d", api, id))
		if s.Phase != durable.PhasePending && s.Phase != durable.PhaseDelivering || time.Now().After(end) {
			return s
		}
	}
}

// newRandomKey is 32 random bytes: `head -c 32 /dev/urandom | base64`.
func newRandomKey() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		log.Fatal(err)
	}
	return k
}
