package conform

import "path/filepath"

// knownSpecDefect is an upstream example that fails its own schema and is
// documented as such: reported as known, never failing the check, and
// reported as "fixed upstream?" once it passes.
type knownSpecDefect struct {
	file    string // base name of the upstream file
	pointer string // the failing value in it
	keyword string // the schema keyword it fails
	reason  string
	source  string // where the defect is recorded
}

const gitlabDefectSource = "specs/gitlab/SOURCE.md, upstream defect 2"

// knownSpecDefects are the api-evangelist GitLab placeholders that violate
// their own `format: uri`, in the schemas and in the example bodies.
var knownSpecDefects = []knownSpecDefect{
	{"gitlab-oauth2-device-authorization-response-schema.json", "/properties/verification_uri/example", "format",
		"api-evangelist placeholder (a timestamp) is not a URI", gitlabDefectSource},
	{"gitlab-oauth2-device-authorization-response-schema.json", "/properties/verification_uri_complete/example", "format",
		"api-evangelist placeholder (a timestamp) is not a URI", gitlabDefectSource},
	{"gitlab-oauth2-token-request-schema.json", "/properties/redirect_uri/example", "format",
		`api-evangelist placeholder "example_value" is not a URI`, gitlabDefectSource},
	{"gitlab-oauth2-device-authorization-response-example.json", "/verification_uri", "format",
		"api-evangelist placeholder (a timestamp) is not a URI", gitlabDefectSource},
	{"gitlab-oauth2-device-authorization-response-example.json", "/verification_uri_complete", "format",
		"api-evangelist placeholder (a timestamp) is not a URI", gitlabDefectSource},
	{"gitlab-oauth2-token-request-example.json", "/redirect_uri", "format",
		`api-evangelist placeholder "example_value" is not a URI`, gitlabDefectSource},
}

// knownDefect finds the entry for a failing value of file.
func knownDefect(file string, l specLeaf) (knownSpecDefect, bool) {
	for _, d := range knownSpecDefects {
		if d.file == filepath.Base(file) && d.pointer == l.at && d.keyword == l.keyword {
			return d, true
		}
	}
	return knownSpecDefect{}, false
}

// fixedDefects are the entries for file that no failure matched.
func fixedDefects(file string, seen map[knownSpecDefect]bool) []knownSpecDefect {
	var out []knownSpecDefect
	for _, d := range knownSpecDefects {
		if d.file == filepath.Base(file) && !seen[d] {
			out = append(out, d)
		}
	}
	return out
}
