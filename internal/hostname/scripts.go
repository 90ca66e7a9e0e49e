package hostname

import (
	"slices"
	"strings"
	"unicode"
)

// highlyRestrictive are the script sets UTS #39 lets one label mix at its
// "highly restrictive" level: Japanese, Chinese and Korean writing, each
// with Latin. Any other mix within a label is what a look-alike is made of
// (paypal with a Cyrillic а, microsoft with a Greek ο).
var highlyRestrictive = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// mixedScripts returns the scripts of the first label of host (in its
// Unicode form) that mixes scripts beyond highlyRestrictive, in order of
// appearance; nil when none does. Labels are judged apart, as UTS #39
// does: a Cyrillic name under a Latin top-level domain is no mix.
func mixedScripts(host string) []string {
	for _, label := range strings.FieldsFunc(host, isDot) {
		if s := labelScripts(label); !allowedMix(s) {
			return s
		}
	}
	return nil
}

// isDot is a label separator, including the full stops IDNA maps to '.'.
func isDot(r rune) bool { return r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' }

func labelScripts(label string) []string {
	var out []string
	for _, r := range label {
		if s := scriptOf(r); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func allowedMix(scripts []string) bool {
	if len(scripts) < 2 {
		return true
	}
	for _, set := range highlyRestrictive {
		if containsAll(set, scripts) {
			return true
		}
	}
	return false
}

func containsAll(set, scripts []string) bool {
	for _, s := range scripts {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

// scriptOf names r's script (the Unicode Script property); "" for Common
// and Inherited characters (digits, hyphens, combining marks), which join
// any script, and for unassigned ones. (UTS #39 uses Script_Extensions,
// which Go's tables lack: the few characters it narrows, such as ー, join
// any script here.)
func scriptOf(r rune) string {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return "Latin"
		}
		return ""
	case unicode.In(r, unicode.Common, unicode.Inherited):
		return ""
	}
	for _, name := range scriptNames {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

// scriptNames lists unicode.Scripts in a fixed order, the scripts of
// look-alikes first; Common and Inherited are handled before.
var scriptNames = func() []string {
	first := []string{"Latin", "Cyrillic", "Greek", "Armenian", "Cherokee", "Han", "Hiragana", "Katakana", "Hangul"}
	var rest []string
	for name := range unicode.Scripts {
		if !slices.Contains(first, name) && name != "Common" && name != "Inherited" {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	return append(first, rest...)
}()

// joinScripts words a list: "Latin and Cyrillic", "Latin, Greek and
// Cyrillic".
func joinScripts(scripts []string) string {
	names := make([]string, len(scripts))
	for i, s := range scripts {
		names[i] = strings.ReplaceAll(s, "_", " ")
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
