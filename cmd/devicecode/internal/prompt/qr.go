package prompt

import (
	"strings"
	"unicode/utf8"

	"rsc.io/qr"
)

// qrQuiet is the light margin around the code, in modules: scanners need
// it to find the code, and the QR specification asks for 4.
const qrQuiet = 4

// renderQR draws text as a QR code with Unicode half blocks, two module
// rows per line so the code stays square-ish and small. Colours are set
// explicitly (black on white) so it scans on dark and light terminals
// alike.
func renderQR(text string) (string, error) {
	code, err := qr.Encode(text, qr.L)
	if err != nil {
		return "", err
	}
	dark := func(x, y int) bool {
		x, y = x-qrQuiet, y-qrQuiet
		return x >= 0 && y >= 0 && x < code.Size && y < code.Size && code.Black(x, y)
	}
	n := code.Size + 2*qrQuiet
	var b strings.Builder
	for y := 0; y < n; y += 2 {
		b.WriteString("\x1b[30;47m") // black on white
		for x := range n {
			b.WriteString(halfBlock(dark(x, y), y+1 < n && dark(x, y+1)))
		}
		b.WriteString("\x1b[0m\n")
	}
	return b.String(), nil
}

// qrWidth is the width of a rendered QR code in columns.
func qrWidth(qr string) int {
	first, _, _ := strings.Cut(qr, "\n")
	first = strings.TrimSuffix(strings.TrimPrefix(first, "\x1b[30;47m"), "\x1b[0m")
	return utf8.RuneCountInString(first)
}

// halfBlock is one character cell: the top and bottom module.
func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	}
	return " "
}
