package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/safetext"
)

// writeDemo prints one vendor's demo: text for people, a JSON line for
// scripts.
func writeDemo(w io.Writer, format string, r demoResult) error {
	if format == "json" {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
		return err
	}
	_, err := io.WriteString(w, demoText(r))
	return err
}

func demoText(r demoResult) string {
	if r.Scenario == durableScenario {
		return "" // shown as it happened, verdict included
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== %s, scenario %s ==\n", r.Vendor, r.Scenario)
	if e, ok := deviceAnswer(r.Requests); ok {
		fmt.Fprintf(&b, "vendor's answer to %s %s (HTTP %d; secrets redacted):\n  %s\n", e.Method, e.Path,
			e.Status, safetext.Escape(string(e.Body)))
	}
	if r.DeviceCode != nil {
		fmt.Fprintf(&b, "canonical device code:\n  %s\n", safetext.Escape(string(r.DeviceCode)))
	}
	if r.Prompt != "" {
		fmt.Fprintf(&b, "the prompt:\n%s", indent(strings.TrimSuffix(r.Prompt, "\n")))
	}
	b.WriteString("timeline (fake clock):\n")
	for i, e := range r.Requests {
		fmt.Fprintf(&b, "  %8s  %s\n", e.At.Round(time.Millisecond), safetext.Escape(exchangeLine(e, r.Requests, i)))
	}
	fmt.Fprintf(&b, "%s\n\n", verdictLine(r))
	return b.String()
}

// verdictLine is the outcome and whether it is the scenario's.
func verdictLine(r demoResult) string {
	verdict := "as expected"
	if !r.Expected {
		verdict = "NOT as the scenario expects"
	}
	return fmt.Sprintf("outcome: %s (%s)", safetext.Escape(r.Outcome), verdict)
}

// exchangeLine is one request, its answer and the wait before the next.
func exchangeLine(e exchange, all []exchange, i int) string {
	answer := fmt.Sprintf("HTTP %d", e.Status)
	switch detail := answerDetail(e); {
	case e.Status == 0:
		answer = "no answer (" + e.Note + ")"
	case detail != "":
		answer += " " + detail
	}
	line := strings.TrimSpace(fmt.Sprintf("%s %s → %s", e.Method, e.Path, answer))
	if i+1 < len(all) && all[i+1].At > e.At {
		line += fmt.Sprintf("; the next request %s later", (all[i+1].At - e.At).Round(time.Second))
	}
	return line
}

// answerDetail is what an answer's body says beyond its status: the
// OAuth or Cohesity error code, or VB365's authenticated flag.
func answerDetail(e exchange) string {
	var m struct {
		Error         string `json:"error"`
		ErrorCode     string `json:"errorCode"`
		Authenticated *bool  `json:"authenticated"`
	}
	if e.Body == nil || json.Unmarshal(e.Body, &m) != nil {
		return ""
	}
	if m.Authenticated != nil {
		return fmt.Sprintf("authenticated: %t", *m.Authenticated)
	}
	return strings.TrimSpace(m.Error + " " + m.ErrorCode)
}

// deviceAnswer is the exchange that carried the device code: the vendor's
// raw answer the demo shows.
func deviceAnswer(all []exchange) (exchange, bool) {
	for _, e := range all {
		var m map[string]json.RawMessage
		if json.Unmarshal(e.Body, &m) == nil && (m["user_code"] != nil || m["userCode"] != nil) {
			return e, true
		}
	}
	return exchange{}, false
}

// indent indents each line, sanitized on its own: the prompt is several
// lines, and Escape would join them.
func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line != "" {
			b.WriteString("  " + safetext.Escape(line))
		}
		b.WriteString("\n")
	}
	return b.String()
}
