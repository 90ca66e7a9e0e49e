// Package jsonstrict finds what encoding/json lets pass silently but a
// security boundary must not: a member that appears twice in one object.
// encoding/json keeps the last value, other parsers the first; when two
// components read the same bytes differently (a proxy, a log pipeline, our
// schema check and our decoder), a duplicate smuggles one value past the
// check of the other. RFC 8259 §4 says names SHOULD be unique; we refuse
// the ones that are not.
package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Duplicate reports the first member name that occurs twice in one object
// of the JSON text b, at any depth, as a JSON pointer (RFC 6901) to the
// repeated member. Names are compared after unescaping, so "a" and
// "\u0061" are the same member. Malformed JSON reports nothing: the caller's
// decoder reports that, in its own words.
func Duplicate(b []byte) (pointer string, found bool) {
	if !bytes.Contains(b, []byte(`"`)) {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	s := scanner{dec: dec}
	ptr, err := s.value("")
	if errors.Is(err, errDuplicate) {
		return ptr, true
	}
	return "", false
}

var errDuplicate = errors.New("duplicate member")

type scanner struct{ dec *json.Decoder }

// value walks the value that starts at the next token; ptr is its pointer.
func (s scanner) value(ptr string) (string, error) {
	tok, err := s.dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('{'):
		return s.object(ptr)
	case json.Delim('['):
		return s.array(ptr)
	}
	return "", nil
}

func (s scanner) object(ptr string) (string, error) {
	seen := map[string]bool{}
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return "", err
		}
		name, _ := tok.(string)
		at := ptr + "/" + escape(name)
		if seen[name] {
			return at, errDuplicate
		}
		seen[name] = true
		if p, err := s.value(at); err != nil {
			return p, err
		}
	}
	_, err := s.dec.Token() // the closing brace
	return "", err
}

func (s scanner) array(ptr string) (string, error) {
	for i := 0; s.dec.More(); i++ {
		if p, err := s.value(ptr + "/" + strconv.Itoa(i)); err != nil {
			return p, err
		}
	}
	_, err := s.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return "", err
}

// escape writes a member name as a JSON pointer token (RFC 6901 §3).
func escape(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}
