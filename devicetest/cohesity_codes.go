package devicetest

import "fmt"

// The application a Cohesity cluster's device flow signs in to: the
// cluster brokers Microsoft's "Azure PowerShell" public client (VENDORS.md,
// Cohesity), so Microsoft's page names that app; the fake says for whom.
const (
	azurePowerShellID = "1950a258-227b-4e31-a9cf-717495945fc2"
	cohesityApp       = "Microsoft Azure PowerShell (for the Cohesity cluster)"
)

// look is a pending code as Microsoft's page shows it: the sandbox's
// Microsoft page decides the Cohesity fake's codes, whose flows send the
// person there.
func (c *CohesityServer) look(userCode string) (CodeInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, err := c.find(userCode)
	if err != nil {
		return CodeInfo{}, err
	}
	return CodeInfo{UserCode: f.userCode, ClientID: azurePowerShellID, App: cohesityApp, Expires: f.expires}, nil
}

// decide records the person's decision on a code, once.
func (c *CohesityServer) decide(userCode string, d Decision) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, err := c.find(userCode)
	if err != nil {
		return err
	}
	f.approved, f.denied = d == Approved, d == Denied
	c.progress().decided(f.userCode, d, "")
	return nil
}

// find is the undecided, unexpired flow of the code the person typed,
// matched as every fake matches codes; c.mu is held. A code is valid
// through its last second, as the fake's poll has it.
func (c *CohesityServer) find(userCode string) (*cohesityFlow, error) {
	want := canonicalUserCode(userCode)
	for _, f := range c.flows {
		if canonicalUserCode(f.userCode) != want {
			continue
		}
		switch {
		case f.approved || f.denied || f.redeemed:
			return nil, fmt.Errorf("%w %q", ErrUsedUserCode, userCode)
		case c.clock.Now().After(f.expires):
			return nil, fmt.Errorf("%w %q", ErrExpiredUserCode, userCode)
		}
		return f, nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownUserCode, userCode)
}

var _ codeBook = (*CohesityServer)(nil)
