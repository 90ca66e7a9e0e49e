package clitest

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Screen is a minimal terminal for tests, enough to see what a person
// would. It wraps at width like xterm (the cursor stays on the last column
// until the next character), knows \r, \n (as a tty's onlcr: \r\n), ESC[K
// and ESC[J, ignores other CSI sequences such as colours, and reflows its
// lines when resized, as tmux, VTE and most current terminals do.
type Screen struct {
	mu       sync.Mutex
	width    int
	rows     [][]rune
	cont     []bool // the row continues the one above (a soft wrap)
	row, col int
	wrap     bool // the last column was written: the next character wraps
}

// NewScreen is an empty screen width columns wide.
func NewScreen(width int) *Screen {
	return &Screen{width: width, rows: [][]rune{nil}, cont: []bool{false}}
}

// Width is the screen's width in columns.
func (s *Screen) Width() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.width
}

func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	str := string(p)
	for i := 0; i < len(str); {
		if n := csiLen(str[i:]); n > 0 {
			s.csi(str[i+n-1])
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

func (s *Screen) csi(final byte) {
	switch final {
	case 'K': // erase to the end of the line
		s.truncate()
	case 'J': // erase to the end of the screen
		s.truncate()
		s.rows, s.cont = s.rows[:s.row+1], s.cont[:s.row+1]
	}
}

func (s *Screen) truncate() {
	if line := s.rows[s.row]; len(line) > s.col {
		s.rows[s.row] = line[:s.col]
	}
	s.wrap = false
}

func (s *Screen) put(r rune) {
	switch r {
	case '\r':
		s.col, s.wrap = 0, false
		return
	case '\n':
		s.newline(false)
		return
	}
	if s.wrap {
		s.newline(true)
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

func (s *Screen) newline(soft bool) {
	s.row++
	s.col, s.wrap = 0, false
	if s.row == len(s.rows) {
		s.rows, s.cont = append(s.rows, nil), append(s.cont, false)
	}
	s.cont[s.row] = soft
}

// Resize reflows the screen to width columns: soft-wrapped rows are joined
// and wrapped again, and the cursor stays on the character it was on.
func (s *Screen) Resize(width int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines [][]rune
	cursorLine, cursorOff := 0, 0
	for i, r := range s.rows {
		if i == 0 || !s.cont[i] {
			lines = append(lines, nil)
		}
		if i == s.row {
			cursorLine, cursorOff = len(lines)-1, len(lines[len(lines)-1])+s.col
			if s.wrap {
				cursorOff++
			}
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], r...)
	}
	s.width, s.rows, s.cont = width, nil, nil
	for i, l := range lines {
		start := len(s.rows)
		for j := 0; j == 0 || j < len(l); j += width {
			s.rows, s.cont = append(s.rows, l[j:min(j+width, len(l))]), append(s.cont, j > 0)
		}
		if i == cursorLine {
			for len(s.rows) <= start+cursorOff/width {
				s.rows, s.cont = append(s.rows, nil), append(s.cont, true)
			}
			s.row, s.col, s.wrap = start+cursorOff/width, cursorOff%width, false
		}
	}
}

// Lines is what the screen shows, trailing blanks removed.
func (s *Screen) Lines() []string {
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

// Count is how many lines contain sub.
func (s *Screen) Count(sub string) int {
	n := 0
	for _, l := range s.Lines() {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}
