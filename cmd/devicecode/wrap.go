package main

import "strings"

// wrap breaks each line of s wider than cols columns at spaces, so that a
// terminal does not break words mid-way. A line that starts with a space
// (the indented URI and user code) and a word wider than cols (a long URI)
// stay whole: breaking them would change what the user must type or open.
func wrap(s string, cols int) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if columns(line) > cols && !strings.HasPrefix(line, " ") {
			lines[i] = wrapLine(line, cols)
		}
	}
	return strings.Join(lines, "\n")
}

// wrapLine fills lines greedily, word by word.
func wrapLine(line string, cols int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(line) {
		w := columns(word)
		switch {
		case n == 0:
		case n+1+w <= cols:
			b.WriteByte(' ')
			n++
		default:
			b.WriteByte('\n')
			n = 0
		}
		b.WriteString(word)
		n += w
	}
	return b.String()
}
