package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// AcceptedFile is the reviewed list of breaking changes we take on, in the
// repository: specs/ACCEPTED-CHANGES.json.
const AcceptedFile = "specs/ACCEPTED-CHANGES.json"

// Acceptance is one reviewed breaking change.
type Acceptance struct {
	Vendor   string `json:"vendor"`
	ID       string `json:"id"`     // the Change's id, as the report prints it
	Reason   string `json:"reason"` // why integrators can live with it, or what we changed for them
	Reviewer string `json:"reviewer"`
	Date     string `json:"date"` // YYYY-MM-DD
}

// Accepted is the file's content.
type Accepted struct {
	Comment  string       `json:"comment,omitempty"`
	Accepted []Acceptance `json:"accepted"`
}

// LoadAccepted reads the file; a missing file accepts nothing. An entry
// without a reason or reviewer is an error: the point is a reviewed reason.
func LoadAccepted(path string) (*Accepted, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Accepted{}, nil
	}
	if err != nil {
		return nil, err
	}
	var a Accepted
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, e := range a.Accepted {
		if e.Vendor == "" || e.ID == "" || e.Reason == "" || e.Reviewer == "" || e.Date == "" {
			return nil, fmt.Errorf("%s: entry %d: vendor, id, reason, reviewer and date are all required", path, i)
		}
	}
	return &a, nil
}

// Apply marks the report's changes that the file accepts.
func (a *Accepted) Apply(r *Report) {
	for i, c := range r.Changes {
		for _, e := range a.Accepted {
			if e.Vendor == r.Vendor && e.ID == c.ID {
				r.Changes[i].Accepted = e.Reason + " (" + e.Reviewer + ", " + e.Date + ")"
			}
		}
	}
}
