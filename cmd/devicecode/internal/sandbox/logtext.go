package sandbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/safetext"
)

// progressHandler writes the fakes' progress records (devicetest's
// LogIssued…) for a person, one line each:
//
//	12:01:02 gitlab    WDJB-MJHT issued, expires 12:06:02 UTC, client any, scope read_user
//
// Client ids, scopes, domains and user codes come from clients: every
// value passes through safetext before the terminal.
type progressHandler struct {
	mu    *sync.Mutex
	w     io.Writer
	attrs []slog.Attr
}

func newProgressHandler(w io.Writer) *progressHandler {
	return &progressHandler{mu: &sync.Mutex{}, w: w}
}

func (h *progressHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

func (h *progressHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &progressHandler{mu: h.mu, w: h.w, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

// WithGroup is unused by the fakes: a group's attributes print unqualified.
func (h *progressHandler) WithGroup(string) slog.Handler { return h }

func (h *progressHandler) Handle(_ context.Context, r slog.Record) error {
	a := map[string]slog.Value{}
	var order []string
	add := func(x slog.Attr) bool {
		if _, ok := a[x.Key]; !ok {
			order = append(order, x.Key)
		}
		a[x.Key] = x.Value.Resolve()
		return true
	}
	for _, x := range h.attrs {
		add(x)
	}
	r.Attrs(add)
	line := fmt.Sprintf("%s %-9s ", r.Time.Format(time.TimeOnly), show(a["vendor"]))
	if code, ok := a["user_code"]; ok {
		line += show(code) + " "
	}
	line += progressText(r.Message, a, order)
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := fmt.Fprintln(h.w, line)
	return err
}

// progressText words one step: "approved", "polled: pending (poll 3)",
// "polled: unknown" (a device code never issued),
// "issued, expires 12:06:02 UTC, client any, scope read_user".
func progressText(msg string, a map[string]slog.Value, order []string) string {
	done := map[string]bool{"vendor": true, "user_code": true}
	var s string
	switch msg {
	case devicetest.LogDecided:
		s, done["decision"] = show(a["decision"]), true
		if by, ok := a["by"]; ok {
			s, done["by"] = s+" by "+show(by), true
		}
	case devicetest.LogPolled:
		s, done["answer"] = "polled: "+show(a["answer"]), true
	default:
		s = safetext.Show(msg)
	}
	if poll, ok := a["poll"]; ok {
		s, done["poll"] = s+" (poll "+show(poll)+")", true
	}
	for _, k := range order {
		if !done[k] && a[k].String() != "" { // a client that asked for no scope
			s += ", " + strings.ReplaceAll(strings.TrimSuffix(k, "_id"), "_", " ") + " " + show(a[k])
		}
	}
	return s
}

// show is a value fit for the terminal; times are a clock time with
// their zone, as the person compares them with a clock.
func show(v slog.Value) string {
	if v.Kind() == slog.KindTime {
		return v.Time().Format("15:04:05 MST")
	}
	s := safetext.Show(v.String())
	if s == "" {
		return `""`
	}
	return s
}
