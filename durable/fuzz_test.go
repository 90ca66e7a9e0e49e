package durable

import (
	"encoding/json"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
)

// The database is the integrator's, but what it holds was written by
// other replicas, other versions, or an operator's hand: the decoders of
// a job's record, of sealed bytes and of a sealed outcome must refuse
// what they cannot read, never panic. Seeds: testdata/fuzz.

func fuzzKeys(t interface{ Fatal(...any) }) *Keyring {
	k, err := NewKeyring("k1", map[string][]byte{"k1": make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// FuzzRecord reads a job's metadata as a worker does, then opens the
// State it names.
func FuzzRecord(f *testing.F) {
	keys := fuzzKeys(f)
	st, _ := json.Marshal(record{Status: PhasePending, NextPollAt: time.Unix(1e9, 0), Interval: 5, Polls: 2})
	f.Add([]byte(`{"output":` + string(st) + `}`))
	f.Add([]byte(`{"output":{"status":"pending","state":{"key":"k1","data":"AAAA"}},"snoozes":3}`))
	f.Add([]byte(`{"output":null}`))
	f.Fuzz(func(t *testing.T, metadata []byte) {
		rec, ok, err := jobOutput(metadata)
		if err != nil || !ok || rec.State == nil {
			return
		}
		if _, err := keys.open(*rec.State, aad("flow", "state")); err == nil {
			t.Fatalf("opened a State the fuzzer made up: %+v", rec.State)
		}
	})
}

// FuzzOutcome decodes a sealed outcome's plaintext: what a replica of
// another version may have sealed.
func FuzzOutcome(f *testing.F) {
	tok := (&oauth2.Token{AccessToken: "a", TokenType: "Bearer", RefreshToken: "r"}).WithExtra(map[string]any{"id_token": "x.y.z"})
	b, _ := marshalOutcome(&devicecode.Outcome{Vendor: "gitlab", Token: tok})
	f.Add(b)
	f.Add([]byte(`{"vendor":"veeam","user_code":"ABC","token":false}`))
	f.Add([]byte(`{"token":true,"extra":{"scope":7}}`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		out, err := unmarshalOutcome(plain)
		if err != nil {
			return
		}
		again, err := marshalOutcome(out)
		if err != nil {
			t.Fatalf("an outcome read cannot be written again: %v", err)
		}
		if _, err := unmarshalOutcome(again); err != nil {
			t.Fatalf("an outcome written cannot be read again: %v", err)
		}
	})
}

// FuzzOpen opens made-up sealed bytes: always refused, never a panic.
func FuzzOpen(f *testing.F) {
	keys := fuzzKeys(f)
	s, _ := keys.seal([]byte("plain"), aad("flow", "state"))
	f.Add(s.Key, s.Data)
	f.Add("k1", []byte{})
	f.Add("k2", []byte("short"))
	f.Fuzz(func(t *testing.T, key string, data []byte) {
		if _, err := keys.open(sealed{Key: key, Data: data}, aad("other flow", "state")); err == nil {
			t.Fatal("opened bytes bound to another flow")
		}
	})
}
