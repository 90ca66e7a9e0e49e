package clitest

import (
	"fmt"
	"strings"
	"testing"
)

// TestScreenSeesStaleLines checks the test terminal itself: a status line
// wider than the screen wraps, and rewriting it leaves its top half behind,
// which is the bug the width fitting prevents.
func TestScreenSeesStaleLines(t *testing.T) {
	s := NewScreen(40)
	for range 3 {
		fmt.Fprint(s, "\r\x1b[KWaiting for approval… the code expires in 4:59")
	}
	if n := s.Count("Waiting"); n != 3 {
		t.Fatalf("a 46-column line rewritten 3 times on 40 columns left %d copies, want 3:\n%s", n, strings.Join(s.Lines(), "\n"))
	}
}
