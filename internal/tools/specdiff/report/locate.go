package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// lineIndex maps a line of a pretty-printed JSON document to the JSON
// pointer of the member or array element that starts on it. oasdiff names
// the source line of each change, not the schema it is in; the pointer
// gives the component and property, which name the generated Go field.
type lineIndex map[int]string

func indexLines(doc []byte) lineIndex {
	idx := lineIndex{}
	dec := json.NewDecoder(bytes.NewReader(doc))
	var stack []*frame
	pointer := func() string {
		parts := make([]string, len(stack))
		for i, f := range stack {
			parts[i] = f.component()
		}
		return "/" + strings.Join(parts, "/")
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return idx
		}
		// The token's own line: skip the separators before it.
		between := doc[start:dec.InputOffset()]
		off := int(start) + len(between) - len(bytes.TrimLeft(between, " \t\r\n:,"))
		line := 1 + bytes.Count(doc[:off], []byte("\n"))
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if tok == json.Delim('}') || tok == json.Delim(']') {
			stack = stack[:len(stack)-1]
			afterValue(stack)
			continue
		}
		if top != nil && top.obj && top.expKey {
			key, _ := tok.(string) // object keys are strings
			top.key, top.expKey = key, false
			idx.record(line, pointer())
			continue
		}
		if top != nil && !top.obj {
			top.index++
			idx.record(line, pointer())
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, expKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		default:
			afterValue(stack)
		}
	}
}

// frame is an open object or array while indexing.
type frame struct {
	obj    bool
	expKey bool
	key    string
	index  int // elements seen so far
}

func (f *frame) component() string {
	if f.obj {
		return subset.EscapePointer(f.key)
	}
	return strconv.Itoa(f.index - 1)
}

func afterValue(stack []*frame) {
	if n := len(stack); n > 0 && stack[n-1].obj {
		stack[n-1].expKey = true
	}
}

func (idx lineIndex) record(line int, ptr string) {
	if _, ok := idx[line]; !ok {
		idx[line] = ptr
	}
}
