package normalize_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/normalize"
)

// TestUnicodeTricks: characters that draw nothing, or draw onto their
// neighbours, make the user code on screen differ from the one the person
// must type. Format characters (bidi overrides, zero-width space) were
// already refused; the default-ignorable characters outside category Cf
// (combining grapheme joiner, Hangul fillers, variation selectors) and
// combining marks were not.
func TestUnicodeTricks(t *testing.T) {
	for _, tt := range []struct {
		name, code string
	}{
		{"bidi override", `AB\u202eCD`},
		{"zero-width space", `AB\u200bCD`},
		{"zero-width joiner", `AB\u200dCD`},
		{"combining grapheme joiner", `AB\u034fCD`},
		{"hangul filler", `AB\u3164CD`},
		{"halfwidth hangul filler", `AB\uffa0CD`},
		{"variation selector", `AB\ufe0fCD`},
		{"leading combining mark", `\u0338ABCD`},
		{"combining overlay", `AB0\u0338CD`},
		{"stacked marks", `A` + strings.Repeat(`\u0300`, 30) + `B`},
		{"enclosing mark", `AB\u20ddCD`},
		{"blank", `   `},
		{"leading space", ` ABCD`},
		{"trailing space", `ABCD `},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := normalize.Decode(normalize.GitLab, with("user_code", `"`+tt.code+`"`), normalize.WithClock(fixedClock))
			if !hasProblem(err, "/user_code") {
				t.Errorf("user code %s accepted or not named: %v", tt.code, err)
			}
		})
	}
	// The same invisible characters in a URI are refused there too.
	for _, c := range []string{`\u202e`, `\u200b`, `\u034f`, `\u3164`, `\ufe0f`} {
		body := with("verification_uri", `"https://gitlab.devicecode.test/oauth/`+c+`device"`)
		if _, err := normalize.Decode(normalize.GitLab, body, normalize.WithClock(fixedClock)); !hasProblem(err, "/verification_uri") {
			t.Errorf("verification_uri with %s: %v", c, err)
		}
	}
	// Text people write keeps its accents: precomposed letters in user
	// codes, combining marks in messages; invisible characters are stripped
	// from messages like the other non-printables.
	if _, err := normalize.Decode(normalize.GitLab, with("user_code", `"ÄBC-123"`), normalize.WithClock(fixedClock)); err != nil {
		t.Errorf("precomposed letter refused: %v", err)
	}
	body := `{"device_code":"d","user_code":"ABCD","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"message":"Entrez le code\u034f\u3164 e\u0301"}`
	dc, err := normalize.Decode(normalize.Microsoft, []byte(body), normalize.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Entrez le code e\u0301"; dc.Message != want {
		t.Errorf("message = %q, want %q", dc.Message, want)
	}
}

func hasProblem(err error, field string) bool {
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		return false
	}
	for _, p := range ne.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}
