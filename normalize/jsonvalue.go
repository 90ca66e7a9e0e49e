package normalize

import (
	"encoding/json"
	"unicode/utf8"
)

// encoding/json decodes a response into `any` about as slowly as it decodes
// it into the generated struct: it scans every byte twice through a state
// machine and reflects on the target. Responses are small, flat objects of
// plain strings and numbers, so parseFast decodes exactly those and nothing
// else. It gives up (ok false) at the first thing it is not sure about —
// any escape, control character or invalid UTF-8 in a string, nesting
// deeper than maxFastDepth, a duplicate member, and every syntax error —
// and decodeValue then
// asks encoding/json, which decides and words the error as before.
//
// What parseFast returns is what encoding/json with UseNumber returns for
// the same bytes: map[string]any, []any
// (never nil), string, json.Number, bool and nil. The fuzz targets compare
// the two on every input.

// maxFastDepth bounds recursion; deeper documents are encoding/json's.
const maxFastDepth = 32

type fastParser struct {
	b     []byte
	i     int
	depth int
}

func parseFast(b []byte) (any, bool) {
	p := fastParser{b: b}
	p.skipSpace()
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.skipSpace()
	return v, p.i == len(p.b)
}

func (p *fastParser) value() (any, bool) {
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		if s, ok := p.str(); ok {
			return s, true
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, false
}

func (p *fastParser) object() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	m := map[string]any{}
	if p.closes('}') {
		return m, true
	}
	for {
		k, ok := p.key()
		if !ok {
			return nil, false
		}
		if _, dup := m[k]; dup {
			return nil, false // decodeStd names it
		}
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m[k] = v
		if done, ok := p.next('}'); !ok || done {
			return m, ok
		}
	}
}

func (p *fastParser) array() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	a := make([]any, 0)
	if p.closes(']') {
		return a, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if done, ok := p.next(']'); !ok || done {
			return a, ok
		}
	}
}

// enter consumes an opening bracket and the space after it.
func (p *fastParser) enter() bool {
	p.depth++
	p.i++
	p.skipSpace()
	return p.depth <= maxFastDepth
}

// closes consumes the closing bracket of an empty container.
func (p *fastParser) closes(closing byte) bool {
	if p.i < len(p.b) && p.b[p.i] == closing {
		p.i++
		p.depth--
		return true
	}
	return false
}

// next consumes what follows a member: a comma (done false) or the closing
// bracket (done true); anything else is not ok.
func (p *fastParser) next(closing byte) (done, ok bool) {
	p.skipSpace()
	if p.i >= len(p.b) {
		return false, false
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		p.skipSpace()
		return false, true
	case closing:
		p.i++
		p.depth--
		return true, true
	}
	return false, false
}

// key reads a member name and its colon.
func (p *fastParser) key() (string, bool) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return "", false
	}
	k, ok := p.str()
	p.skipSpace()
	if !ok || p.i >= len(p.b) || p.b[p.i] != ':' {
		return "", false
	}
	p.i++
	p.skipSpace()
	return k, true
}

// str reads a string that encoding/json would copy unchanged: no escapes,
// no control characters, valid UTF-8 (it replaces invalid bytes).
func (p *fastParser) str() (string, bool) {
	start := p.i + 1
	ascii := true
	for j := start; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			s := p.b[start:j]
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			p.i = j + 1
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// number reads the RFC 8259 number grammar; what follows is the caller's
// to check (a delimiter, space or the end).
func (p *fastParser) number() (any, bool) {
	start, j := p.i, p.i
	if p.b[j] == '-' {
		j++
	}
	switch {
	case j < len(p.b) && p.b[j] == '0':
		j++
	case j < len(p.b) && p.b[j] >= '1' && p.b[j] <= '9':
		j = p.digits(j)
	default:
		return nil, false
	}
	if j < len(p.b) && p.b[j] == '.' {
		k := p.digits(j + 1)
		if k == j+1 {
			return nil, false
		}
		j = k
	}
	if j < len(p.b) && (p.b[j] == 'e' || p.b[j] == 'E') {
		j++
		if j < len(p.b) && (p.b[j] == '+' || p.b[j] == '-') {
			j++
		}
		k := p.digits(j)
		if k == j {
			return nil, false
		}
		j = k
	}
	p.i = j
	return json.Number(p.b[start:j]), true
}

// digits returns the index after the decimal digits starting at j.
func (p *fastParser) digits(j int) int {
	for j < len(p.b) && p.b[j] >= '0' && p.b[j] <= '9' {
		j++
	}
	return j
}

func (p *fastParser) literal(lit string) bool {
	if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
		return false
	}
	p.i += len(lit)
	return true
}

func (p *fastParser) skipSpace() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}
