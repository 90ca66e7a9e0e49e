package devicecode_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/devicecode/devicecode"
)

// A refused request names the vendor, the operation and the member (never
// a value: the member may be a password), and is terminal.
func TestRequestMemberError(t *testing.T) {
	err := fmt.Errorf("veeam: adding the organization: %w", &devicecode.RequestMemberError{
		Vendor: "veeam", Operation: "POST /Organizations", Member: "applicationId", Reason: "the zero UUID"})
	const want = `veeam: adding the organization: veeam: request not sent: POST /Organizations requires the member "applicationId", which is the zero UUID`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
	var me *devicecode.RequestMemberError
	if !errors.As(err, &me) || me.Member != "applicationId" {
		t.Errorf("errors.As: %+v", me)
	}
	if devicecode.IsTransient(err) {
		t.Error("transient: retrying would send the same body")
	}
}
