package subset

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Operation names one operation of a document, e.g. POST /v6/DeviceCode.
type Operation struct {
	Method string // upper case, as written in operation lists
	Path   string
}

func (o Operation) String() string { return o.Method + " " + o.Path }

// key is the operation's field name in an OpenAPI path item.
func (o Operation) key() string { return strings.ToLower(o.Method) }

var methods = map[string]bool{
	"GET": true, "PUT": true, "POST": true, "DELETE": true,
	"OPTIONS": true, "HEAD": true, "PATCH": true, "TRACE": true,
}

// ParseOperations reads an operation list: one "METHOD /path" a line;
// blank lines and everything after a '#' are ignored. Duplicates are
// errors because they usually mean a typo in the other line.
func ParseOperations(r io.Reader) ([]Operation, error) {
	var ops []Operation
	seen := map[Operation]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		op, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("subset: operations line %d: %w", n, err)
		}
		if seen[op] {
			return nil, fmt.Errorf("subset: operations line %d: duplicate %s", n, op)
		}
		seen[op] = true
		ops = append(ops, op)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("subset: reading operations: %w", err)
	}
	return ops, nil
}

func parseLine(line string) (Operation, error) {
	f := strings.Fields(line)
	if len(f) != 2 {
		return Operation{}, fmt.Errorf("want \"METHOD /path\", got %q", strings.TrimSpace(line))
	}
	m := strings.ToUpper(f[0])
	if !methods[m] {
		return Operation{}, fmt.Errorf("unknown method %q", f[0])
	}
	if !strings.HasPrefix(f[1], "/") {
		return Operation{}, fmt.Errorf("path %q does not start with /", f[1])
	}
	return Operation{Method: m, Path: f[1]}, nil
}
