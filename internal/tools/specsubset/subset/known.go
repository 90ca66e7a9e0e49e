package subset

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ParseKnown reads a list of documented differences between our contract
// and upstream: one a line, "POINTER REASON…", the JSON Pointer of a
// Difference and why it exists; blank lines and lines starting with '#'
// are ignored. (A '#' inside a line is part of it: pointers hold "#/…".)
func ParseKnown(r io.Reader) (map[string]string, error) {
	known := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ptr, reason, _ := strings.Cut(line, " ")
		reason = strings.TrimSpace(reason)
		if !strings.HasPrefix(ptr, "/") || reason == "" {
			return nil, fmt.Errorf("subset: known differences line %d: want \"/pointer reason\", got %q", n, line)
		}
		if _, dup := known[ptr]; dup {
			return nil, fmt.Errorf("subset: known differences line %d: %s listed twice", n, ptr)
		}
		known[ptr] = reason
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("subset: reading known differences: %w", err)
	}
	return known, nil
}
