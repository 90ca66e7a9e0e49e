package normalize_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/normalize"
)

// TestHostErrorShowsASCII: a refused host is named in its IDNA ASCII form,
// never in the Unicode that reads as another name, and a label mixing
// scripts is named as such. The host as named is one the caller can allow
// (the CLI's --allow-verification-host hint passes it on).
func TestHostErrorShowsASCII(t *testing.T) {
	for _, c := range []struct {
		name, host, want string
		scripts          []string
		note             string
	}{
		{name: "Cyrillic look-alike", host: "micrоsoft.com", want: "xn--micrsoft-qbh.com",
			scripts: []string{"Latin", "Cyrillic"}, note: "(a name mixing Latin and Cyrillic letters, as look-alikes of other names do)"},
		{name: "Greek look-alike", host: "micrοsoft.com", want: "xn--micrsoft-2dg.com",
			scripts: []string{"Latin", "Greek"}, note: "(a name mixing Latin and Greek letters"},
		{name: "look-alike sent as punycode", host: "xn--micrsoft-qbh.com", want: "xn--micrsoft-qbh.com",
			scripts: []string{"Latin", "Cyrillic"}, note: "mixing Latin and Cyrillic"},
		{name: "look-alike percent-encoded", host: "micr%D0%BEsoft.com", want: "xn--micrsoft-qbh.com",
			scripts: []string{"Latin", "Cyrillic"}, note: "mixing Latin and Cyrillic"},
		{name: "internationalized name", host: "münchen.de", want: "xn--mnchen-3ya.de",
			note: "(an internationalized name, in its ASCII form)"},
		{name: "internationalized, upper case", host: "MÜNCHEN.de", want: "xn--mnchen-3ya.de", note: "in its ASCII form"},
		{name: "no ASCII form", host: "\u0300a.example", want: `\u0300a.example`, note: "(not a valid internationalized name)"},
		{name: "ASCII", host: "Evil.Example", want: "evil.example"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := with("verification_uri", `"https://`+c.host+`/oauth/device"`)
			_, err := normalize.Decode(normalize.GitLab, body, normalize.WithVerificationHosts("microsoft.com"))
			var he *normalize.HostError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want a *HostError", err)
			}
			if he.Host != c.want || !slices.Equal(he.MixedScripts, c.scripts) {
				t.Errorf("Host %q MixedScripts %v, want %q %v", he.Host, he.MixedScripts, c.want, c.scripts)
			}
			msg := err.Error()
			if !strings.Contains(msg, "points at "+c.want) || !strings.Contains(msg, c.note) || !printableASCII(msg) {
				t.Errorf("message %q: want %q named, %q and nothing beyond ASCII", msg, c.want, c.note)
			}
			if strings.Contains(c.want, `\`) {
				return // no ASCII form: nothing to allow it by
			}
			if _, err := normalize.Decode(normalize.GitLab, body, normalize.WithVerificationHosts(he.Host)); err != nil {
				t.Errorf("allowed as %q: %v", he.Host, err)
			}
		})
	}
}

// TestHostErrorAllowedShownASCII: the allowed hosts are named in ASCII
// too, however the caller spelled them.
func TestHostErrorAllowedShownASCII(t *testing.T) {
	_, err := normalize.Decode(normalize.GitLab, []byte(gitlabOK), normalize.WithVerificationHosts("münchen.de", "\u0300a.example"))
	if err == nil || !strings.Contains(err.Error(), "allowed: xn--mnchen-3ya.de, \\u0300a.example") || !printableASCII(err.Error()) {
		t.Errorf("err = %v, want the allowed hosts in ASCII", err)
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
