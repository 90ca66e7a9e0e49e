package cmdutil

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	const long = "https://login.microsoftonline.com/common/oauth2/deviceauth?user_code=0A44L90H"
	for _, tc := range []struct {
		name, in string
		cols     int
		want     string
	}{
		{"40 columns", "or open https://gitlab.example.com/oauth/device?user_code=0A44L90H\nand check that the page shows the code above.", 40,
			"or open\nhttps://gitlab.example.com/oauth/device?user_code=0A44L90H\nand check that the page shows the code\nabove."},
		{"80 columns", "or open https://gitlab.example.com/oauth/device?user_code=0A44L90H\nand check that the page shows the code above.", 80,
			"or open https://gitlab.example.com/oauth/device?user_code=0A44L90H\nand check that the page shows the code above."},
		{"a URI wider than the line stays whole", "Opened " + long + " in your browser.", 40,
			"Opened\n" + long + "\nin your browser."},
		{"indented lines stay as they are", "To sign in to microsoft, open\n\n    " + long + "\n\nand enter the code\n\n    0A44L90H\n", 20,
			"To sign in to\nmicrosoft, open\n\n    " + long + "\n\nand enter the code\n\n    0A44L90H\n"},
		{"a line that fits keeps its spaces", "a  b", 4, "a  b"},
		{"exactly the width", "token endpoint answered 502, retrying in 1s", 40, "token endpoint answered 502, retrying in\n1s"},
		{"… is two columns", "Waiting for approval… x", 22, "Waiting for approval…\nx"},
	} {
		if got := Wrap(tc.in, tc.cols); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		for _, line := range strings.Split(Wrap(tc.in, tc.cols), "\n") {
			if Columns(line) > tc.cols && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("%s: %q is wider than %d and could have been broken", tc.name, line, tc.cols)
			}
		}
	}
}
