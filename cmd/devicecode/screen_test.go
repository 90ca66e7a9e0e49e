package main

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// screen is a minimal terminal for tests, enough to see what a person
// would: it wraps at width like xterm (the cursor stays on the last column
// until the next character), knows \r, \n (as a tty's onlcr: \r\n), ESC[K,
// and ignores other CSI sequences such as colours.
type screen struct {
	mu       sync.Mutex
	width    int
	rows     [][]rune
	row, col int
	wrap     bool // the last column was written: the next character wraps
}

func newScreen(width int) *screen { return &screen{width: width, rows: [][]rune{nil}} }

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	str := string(p)
	for i := 0; i < len(str); {
		if n := csiLen(str[i:]); n > 0 {
			if str[i+n-1] == 'K' {
				s.eraseLine()
			}
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(str[i:])
		i += size
		s.put(r)
	}
	return len(p), nil
}

// csiLen is the length of the CSI sequence at the start of s, or 0.
func csiLen(s string) int {
	if !strings.HasPrefix(s, "\x1b[") {
		return 0
	}
	for i := 2; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
	}
	return len(s)
}

func (s *screen) put(r rune) {
	switch r {
	case '\r':
		s.col, s.wrap = 0, false
		return
	case '\n':
		s.newline()
		return
	}
	if s.wrap {
		s.newline()
	}
	line := s.rows[s.row]
	for len(line) <= s.col {
		line = append(line, ' ')
	}
	line[s.col] = r
	s.rows[s.row] = line
	if s.col == s.width-1 {
		s.wrap = true
	} else {
		s.col++
	}
}

func (s *screen) newline() {
	s.row++
	s.col, s.wrap = 0, false
	if s.row == len(s.rows) {
		s.rows = append(s.rows, nil)
	}
}

func (s *screen) eraseLine() {
	if line := s.rows[s.row]; len(line) > s.col {
		s.rows[s.row] = line[:s.col]
	}
	s.wrap = false
}

// Lines is what the screen shows, trailing blanks removed.
func (s *screen) Lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.rows {
		out = append(out, strings.TrimRight(string(r), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// count is how many lines contain sub.
func (s *screen) count(sub string) int {
	n := 0
	for _, l := range s.Lines() {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}
