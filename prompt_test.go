package devicecode_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

func TestTextPrompterShowsUserCode(t *testing.T) {
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	dc.Message = "To sign in, open the page and enter the code."
	fl, err := devicecode.NewFlow(dc, func(context.Context) (*devicecode.Outcome, error) { return nil, pending })
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := devicecode.TextPrompter(&b).Prompt(context.Background(), fl.Prompt()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{dc.UserCode, dc.VerificationURI, dc.VerificationURIComplete, dc.Message} {
		if !strings.Contains(out, want) {
			t.Errorf("prompt lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, dc.DeviceCode) {
		t.Errorf("prompt shows the device code:\n%s", out)
	}
}

// TestTextPrompterHostASCII: a URI on a host beyond ASCII is shown with
// the host in ASCII, so a look-alike does not read as microsoft.com.
func TestTextPrompterHostASCII(t *testing.T) {
	p := devicecode.Prompt{UserCode: "WDJB-MJHT", VerificationURI: "https://micrоsoft.com/devicelogin",
		VerificationURIComplete: "https://micrоsoft.com/devicelogin?code=WDJB-MJHT"}
	var b strings.Builder
	if err := devicecode.TextPrompter(&b).Prompt(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "\n    https://xn--micrsoft-qbh.com/devicelogin\n") ||
		!strings.Contains(out, "\n    https://xn--micrsoft-qbh.com/devicelogin?code=WDJB-MJHT\n") || strings.Contains(out, "micrоsoft") {
		t.Errorf("prompt does not show the host in ASCII:\n%s", out)
	}
}

// scriptClient is a devicecode.Client whose flows poll s, for SignIn.
type scriptClient struct {
	s    *script
	dc   *normalize.DeviceCode
	opts []devicecode.Option
}

func (c scriptClient) Start(context.Context) (*devicecode.Flow, error) {
	return devicecode.NewFlow(c.dc, c.poll, c.opts...)
}

func (c scriptClient) Resume(st devicecode.State) (*devicecode.Flow, error) {
	return devicecode.ResumeFlow(st, c.poll, c.opts...)
}

func (c scriptClient) poll(ctx context.Context) (*devicecode.Outcome, error) {
	tok, err := c.s.poll(ctx)
	if err != nil {
		return nil, err
	}
	return &devicecode.Outcome{Vendor: c.dc.Vendor, UserCode: tok}, nil
}

func TestSignIn(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{pending, nil}}
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	var shown devicecode.Prompt
	pr := devicecode.PrompterFunc(func(_ context.Context, p devicecode.Prompt) error { shown = p; return nil })
	out, err := devicecode.SignIn(ctxTimeout(t), scriptClient{s, dc, []devicecode.Option{devicecode.WithClock(clk)}}, pr)
	if err != nil || out.UserCode != "token" || shown.UserCode != dc.UserCode || !shown.ExpiresAt.Equal(dc.ExpiresAt) {
		t.Fatalf("SignIn = %v, %v; prompt %+v", out, err, shown)
	}
}

func TestSignInPromptFailure(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk}
	boom := errors.New("no terminal")
	pr := devicecode.PrompterFunc(func(context.Context, devicecode.Prompt) error { return boom })
	_, err := devicecode.SignIn(ctxTimeout(t), scriptClient{s, newDeviceCode(t0, 0, time.Minute), []devicecode.Option{devicecode.WithClock(clk)}}, pr)
	if !errors.Is(err, boom) || len(s.times()) != 0 {
		t.Fatalf("err = %v, polls %v; want the prompt's error and no poll", err, s.times())
	}
}

// TestSignInCanceledDuringPrompt: a cancel while the prompt is showing
// ends SignIn with the context's error and sends no poll, whether the
// prompter returns the context's error or nothing.
func TestSignInCanceledDuringPrompt(t *testing.T) {
	for _, result := range []func(context.Context) error{context.Context.Err, func(context.Context) error { return nil }} {
		clk := autoClock()
		s := &script{clk: clk, answers: []error{nil}}
		ctx, cancel := context.WithCancel(context.Background())
		pr := devicecode.PrompterFunc(func(ctx context.Context, _ devicecode.Prompt) error {
			cancel()
			<-ctx.Done()
			return result(ctx)
		})
		_, err := devicecode.SignIn(ctx, scriptClient{s, newDeviceCode(t0, 5*time.Second, time.Minute), []devicecode.Option{devicecode.WithClock(clk)}}, pr)
		if !errors.Is(err, context.Canceled) || errors.Is(err, devicecode.ErrExpiredToken) || len(s.times()) != 0 {
			t.Errorf("err = %v after %d polls; want context.Canceled and none", err, len(s.times()))
		}
	}
}

// TestSignInNeedsClientAndPrompter: nil arguments are an error, not a
// panic.
func TestSignInNeedsClientAndPrompter(t *testing.T) {
	if _, err := devicecode.SignIn(ctxTimeout(t), nil, devicecode.TextPrompter(io.Discard)); err == nil {
		t.Error("SignIn without a client succeeded")
	}
	if _, err := devicecode.SignIn(ctxTimeout(t), scriptClient{}, nil); err == nil {
		t.Error("SignIn without a prompter succeeded")
	}
}

// A flow's prompt shows when the flow ends, its State's expiry: a code
// given only a lifetime has no ExpiresAt of its own.
func TestFlowPromptExpiry(t *testing.T) {
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	dc.ExpiresAt = time.Time{}
	fl, err := devicecode.NewFlow(dc, func(context.Context) (*devicecode.Outcome, error) { return nil, pending },
		devicecode.WithClock(autoClock()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fl.Prompt().ExpiresAt, fl.State().ExpiresAt; got.IsZero() || !got.Equal(want) {
		t.Errorf("prompt expiry %s, want the flow's %s", got, want)
	}
}
