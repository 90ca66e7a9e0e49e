package main

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
	var b strings.Builder
	fmt.Fprintf(&b, "== %s, scenario %s ==\n", r.Vendor, r.Scenario)
	if len(r.Requests) > 0 && r.Requests[0].Body != nil {
		fmt.Fprintf(&b, "vendor's answer to %s %s (HTTP %d; secrets redacted):\n  %s\n", r.Requests[0].Method, r.Requests[0].Path,
			r.Requests[0].Status, safetext.Escape(string(r.Requests[0].Body)))
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
	verdict := "as expected"
	if !r.Expected {
		verdict = "NOT as the scenario expects"
	}
	fmt.Fprintf(&b, "outcome: %s (%s)\n\n", safetext.Escape(r.Outcome), verdict)
	return b.String()
}

// exchangeLine is one request, its answer and the wait before the next.
func exchangeLine(e exchange, all []exchange, i int) string {
	answer := fmt.Sprintf("HTTP %d", e.Status)
	switch {
	case e.Status == 0:
		answer = "no answer (" + e.Note + ")"
	case e.Body != nil:
		var m struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(e.Body, &m) == nil && m.Error != "" {
			answer += " " + m.Error
		}
	}
	line := fmt.Sprintf("%s %s → %s", e.Method, e.Path, answer)
	if i > 0 && i+1 < len(all) {
		line += fmt.Sprintf("; next poll %s later", (all[i+1].At - e.At).Round(time.Second))
	}
	return line
}

// indent indents each line, sanitized on its own: the prompt is several
// lines, and Escape would join them.
func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		b.WriteString("  " + safetext.Escape(line) + "\n")
	}
	return b.String()
}
