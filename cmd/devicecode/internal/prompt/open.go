package prompt

import (
	"io"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Open is --open: the complete URI when the vendor sends one, so that
// the code is prefilled. Failing to open is no reason to stop: the prompt
// above says where to go.
func Open(ui *StatusLine, p devicecode.Prompt, browser func(url string, stderr io.Writer) error) {
	url := p.VerificationURIComplete
	if url == "" {
		url = p.VerificationURI
	}
	if err := browser(url, ui.w); err != nil {
		ui.Prosef("Could not open a browser (%s); open the page above yourself.", safetext.Show(err.Error()))
		return
	}
	ui.Prosef("Opened %s in your browser.", safetext.Escape(hostname.URL(url)))
}
