package devicetest

import "time"

// Person stands in for the person at the verification page: asked at each
// poll of an undecided code, with the code's age on the fake's clock.
type Person func(age time.Duration) Decision

// ApproveAfter is a person who approves d after the code was issued.
func ApproveAfter(d time.Duration) Person { return decideAfter(d, Approved) }

// DenyAfter is a person who declines d after the code was issued.
func DenyAfter(d time.Duration) Person { return decideAfter(d, Denied) }

func decideAfter(d time.Duration, decision Decision) Person {
	return func(age time.Duration) Decision {
		if age < d {
			return Undecided
		}
		return decision
	}
}
