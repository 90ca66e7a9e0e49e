package durable

import (
	"fmt"
	"strconv"

	"github.com/devicecode/devicecode"
)

// SealedOutcome is an approved flow's outcome sealed with the Flows'
// keys, for the arguments of a job of the integrator's own that runs a
// vendor's completion step (Cohesity's CreateAzureApplications with the
// token, Veeam's AddOrganization with the user code): River stores job
// arguments as they are, and these must not hold the token in
// plaintext. It marshals to JSON; OpenOutcome opens it on any replica
// with the key.
type SealedOutcome struct {
	Flow   int64  `json:"flow"`
	Sealed sealed `json:"sealed"`
}

// SealOutcome seals d's outcome; call it in OnOutcome and insert the
// follow-up job with the same transaction.
func (f *Flows[TTx]) SealOutcome(d Delivery) (SealedOutcome, error) {
	plain, err := marshalOutcome(d.Outcome)
	if err != nil {
		return SealedOutcome{}, err
	}
	s, err := f.cfg.Keys.seal(plain, followUpAAD(d.ID))
	return SealedOutcome{Flow: d.ID, Sealed: s}, err
}

// OpenOutcome opens what SealOutcome sealed.
func (f *Flows[TTx]) OpenOutcome(s SealedOutcome) (*devicecode.Outcome, error) {
	plain, err := f.cfg.Keys.open(s.Sealed, followUpAAD(s.Flow))
	if err != nil {
		return nil, fmt.Errorf("durable: the outcome of flow %d: %w", s.Flow, err)
	}
	return unmarshalOutcome(plain)
}

// followUpAAD binds a sealed outcome to its flow: one flow's outcome
// cannot be passed off as another's.
func followUpAAD(flow int64) []byte { return aad(strconv.FormatInt(flow, 10), "follow-up outcome") }
