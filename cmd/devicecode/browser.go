package main

import (
	"io"

	"github.com/cli/browser"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/internal/safetext"
)

// openBrowser launches the default browser at url; tests replace it so
// that no browser starts.
var openBrowser = func(url string, stderr io.Writer) error {
	// The launcher's own output must not reach stdout, which carries
	// --output json.
	browser.Stdout, browser.Stderr = stderr, stderr
	return browser.OpenURL(url)
}

// openPage is --open: the complete URI when the vendor sends one, so that
// the code is prefilled. Failing to open is no reason to stop: the prompt
// above says where to go.
func openPage(ui *statusLine, p devicecode.Prompt) {
	url := p.VerificationURIComplete
	if url == "" {
		url = p.VerificationURI
	}
	if err := openBrowser(url, ui.w); err != nil {
		ui.Prosef("Could not open a browser (%s); open the page above yourself.", safetext.Show(err.Error()))
		return
	}
	ui.Prosef("Opened %s in your browser.", safetext.Escape(hostname.URL(url)))
}
