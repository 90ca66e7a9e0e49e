package devicecode_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestTextPrompterShowsUserCode(t *testing.T) {
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	dc.Message = "To sign in, open the page and enter the code."
	var b strings.Builder
	if err := devicecode.TextPrompter(&b).Prompt(context.Background(), devicecode.PromptFor(dc)); err != nil {
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
	if !strings.Contains(out, "Open:  https://xn--micrsoft-qbh.com/devicelogin\n") ||
		!strings.Contains(out, "Or open https://xn--micrsoft-qbh.com/devicelogin?code=WDJB-MJHT ") || strings.Contains(out, "micrоsoft") {
		t.Errorf("prompt does not show the host in ASCII:\n%s", out)
	}
}

func TestRun(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{pending, nil}}
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	var shown devicecode.Prompt
	pr := devicecode.PrompterFunc(func(_ context.Context, p devicecode.Prompt) error { shown = p; return nil })
	tok, err := devicecode.Run(ctxTimeout(t), dc, pr, s.poll, devicecode.WithClock(clk))
	if err != nil || tok != "token" || shown.UserCode != dc.UserCode || !shown.ExpiresAt.Equal(dc.ExpiresAt) {
		t.Fatalf("Run = %q, %v; prompt %+v", tok, err, shown)
	}
}

func TestRunPromptFailure(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk}
	boom := errors.New("no terminal")
	pr := devicecode.PrompterFunc(func(context.Context, devicecode.Prompt) error { return boom })
	_, err := devicecode.Run(ctxTimeout(t), newDeviceCode(t0, 0, time.Minute), pr, s.poll, devicecode.WithClock(clk))
	if !errors.Is(err, boom) || len(s.times()) != 0 {
		t.Fatalf("err = %v, polls %v; want the prompt's error and no poll", err, s.times())
	}
}

// TestRunCanceledDuringPrompt: a cancel while the prompt is showing ends
// Run with the context's error and sends no poll, whether the prompter
// returns the context's error or nothing.
func TestRunCanceledDuringPrompt(t *testing.T) {
	for _, result := range []func(context.Context) error{context.Context.Err, func(context.Context) error { return nil }} {
		clk := autoClock()
		s := &script{clk: clk, answers: []error{nil}}
		ctx, cancel := context.WithCancel(context.Background())
		pr := devicecode.PrompterFunc(func(ctx context.Context, _ devicecode.Prompt) error {
			cancel()
			<-ctx.Done()
			return result(ctx)
		})
		_, err := devicecode.Run(ctx, newDeviceCode(t0, 5*time.Second, time.Minute), pr, s.poll, devicecode.WithClock(clk))
		if !errors.Is(err, context.Canceled) || errors.Is(err, devicecode.ErrExpiredToken) || len(s.times()) != 0 {
			t.Errorf("err = %v after %d polls; want context.Canceled and none", err, len(s.times()))
		}
	}
}
