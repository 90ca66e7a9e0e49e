package durable

import (
	"encoding/json"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// JobKind is the River job kind of a sign-in.
const JobKind = "devicecode_sign_in"

// signInArgs are a sign-in job's arguments, stored in River's job row:
// only the device code's State is secret, and it is sealed. Client names
// the vendor client the integrator registered (Config.Clients); Flow is a
// random ID binding the sealed values to this flow.
type signInArgs struct {
	Client    string           `json:"client"`
	Vendor    normalize.Vendor `json:"vendor"`
	Flow      string           `json:"flow"`
	ExpiresAt time.Time        `json:"expires_at"`
	// FirstPollAt is the State's first NextPollAt, which the first
	// execution reads without opening the State.
	FirstPollAt time.Time `json:"first_poll_at"`
	State       sealed    `json:"state"`
}

// Kind is River's job kind.
func (signInArgs) Kind() string { return JobKind }

// record is where a flow stands, kept as the job's River output (its
// metadata's "output" member), which River writes with the snooze or the
// completion of each execution: one statement, no table of ours. State is
// the sealed State after the last poll; Outcome the sealed outcome of an
// approved flow until the handler's transaction has committed.
type record struct {
	Status     Phase     `json:"status"`
	At         time.Time `json:"at,omitzero"` // when an execution wrote it
	NextPollAt time.Time `json:"next_poll_at,omitzero"`
	Interval   int64     `json:"interval,omitempty"` // seconds
	Polls      int       `json:"polls,omitempty"`
	Error      string    `json:"error,omitempty"`
	State      *sealed   `json:"state,omitempty"`
	Outcome    *sealed   `json:"outcome,omitempty"`
}

// jobOutput reads the record from a job's metadata; ok is false when no
// execution has recorded one yet.
func jobOutput(metadata []byte) (rec record, ok bool, err error) {
	var m struct {
		Output json.RawMessage `json:"output"`
	}
	if err := json.Unmarshal(metadata, &m); err != nil || len(m.Output) == 0 || string(m.Output) == "null" {
		return record{}, false, err
	}
	err = json.Unmarshal(m.Output, &rec)
	return rec, true, err
}

// aad binds sealed bytes to their flow and their purpose.
func aad(flow, purpose string) []byte { return []byte("devicecode/durable/v1 " + flow + " " + purpose) }
