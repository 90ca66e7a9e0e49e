package redaction_test

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"sync"
	"testing"
)

// flowLog logs to slog's text and JSON handlers at once, at debug level,
// so that a flow is checked through both.
type flowLog struct {
	mu         sync.Mutex
	text, json bytes.Buffer
}

func (l *flowLog) logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	return slog.New(tee{slog.NewTextHandler(lockedWriter{l, &l.text}, opts), slog.NewJSONHandler(lockedWriter{l, &l.json}, opts)})
}

func (l *flowLog) renderings() []rendering {
	l.mu.Lock()
	defer l.mu.Unlock()
	return []rendering{{"flow log, slog text", l.text.String()}, {"flow log, slog json", l.json.String()}}
}

// lines fails t when a flow logged nothing: no log would prove nothing.
func (l *flowLog) nonEmpty(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.text.Len() == 0 || l.json.Len() == 0 {
		t.Fatal("the flow logged nothing")
	}
}

type lockedWriter struct {
	l *flowLog
	b *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	return w.b.Write(p)
}

// tee is a slog.Handler that hands each record to both of its handlers
// (slog.NewMultiHandler is Go 1.26; the module is 1.25).
type tee [2]slog.Handler

func (h tee) Enabled(ctx context.Context, l slog.Level) bool {
	return h[0].Enabled(ctx, l) || h[1].Enabled(ctx, l)
}

func (h tee) Handle(ctx context.Context, r slog.Record) error {
	for _, x := range h {
		if x.Enabled(ctx, r.Level) {
			if err := x.Handle(ctx, r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h tee) WithAttrs(as []slog.Attr) slog.Handler {
	return tee{h[0].WithAttrs(as), h[1].WithAttrs(as)}
}

func (h tee) WithGroup(name string) slog.Handler {
	return tee{h[0].WithGroup(name), h[1].WithGroup(name)}
}

// hiddenRE is hidden for secrets known only by their shape: the tokens a
// fake issues inside a client, where the test cannot read them.
func hiddenRE(t *testing.T, name string, shown []rendering, shapes ...*regexp.Regexp) {
	t.Helper()
	for _, r := range shown {
		for _, re := range shapes {
			if m := re.FindString(r.text); m != "" {
				t.Errorf("%s: %s shows %q: %s", name, r.how, m, r.text)
			}
		}
	}
}
