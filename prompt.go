package devicecode

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/normalize"
)

// Prompt is what the user needs to approve the device (RFC 8628 §3.3). It
// has no device code: the prompt is public, the device code is not.
type Prompt struct {
	Vendor                  normalize.Vendor
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string // empty when the vendor sends none
	ExpiresAt               time.Time
	Message                 string // the vendor's own instructions, if any
}

// promptFor extracts the prompt from a device code (Flow.Prompt).
func promptFor(dc *normalize.DeviceCode) Prompt {
	return Prompt{Vendor: dc.Vendor, UserCode: dc.UserCode, VerificationURI: dc.VerificationURI,
		VerificationURIComplete: dc.VerificationURIComplete, ExpiresAt: dc.ExpiresAt, Message: dc.Message}
}

// Prompter shows the prompt to the user. Whatever else it shows (a QR code
// of VerificationURIComplete, a browser), it must show the user code, so
// that the user can check it against the one on the device (§3.3.1).
type Prompter interface {
	Prompt(ctx context.Context, p Prompt) error
}

// PrompterFunc adapts a function to Prompter.
type PrompterFunc func(ctx context.Context, p Prompt) error

// Prompt calls f.
func (f PrompterFunc) Prompt(ctx context.Context, p Prompt) error { return f(ctx, p) }

// TextPrompter writes the prompt as plain text to w.
func TextPrompter(w io.Writer) Prompter {
	return PrompterFunc(func(_ context.Context, p Prompt) error { return writePrompt(w, p) })
}

func writePrompt(w io.Writer, p Prompt) error {
	var err error
	printf := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, a...)
		}
	}
	if p.Message != "" {
		printf("%s\n", p.Message)
	}
	// A host beyond ASCII is shown in ASCII, so that a look-alike the
	// caller allowed does not read as the name it imitates.
	printf("Open:  %s\nCode:  %s\n", hostname.URL(p.VerificationURI), p.UserCode)
	if p.VerificationURIComplete != "" {
		printf("Or open %s and check that it shows the code above.\n", hostname.URL(p.VerificationURIComplete))
	}
	if !p.ExpiresAt.IsZero() {
		printf("The code expires at %s.\n", p.ExpiresAt.Format(time.TimeOnly))
	}
	return err
}
