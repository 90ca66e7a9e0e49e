package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Page is a tab showing a verification page, and the test that reads it;
// its methods fail the test when the page is not as expected. Every
// action waits for its element, bounded by the tab's context.
type Page struct {
	t   testing.TB
	ctx context.Context
}

// NewPage is the tab ctx (a chromedp context) as a Page of t. It
// attaches to the tab at once, on ctx: the tab lives as long as the
// context of its first action, and each action has a timeout of its own.
func NewPage(ctx context.Context, t testing.TB) *Page {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("attaching to a tab: %v", err)
	}
	return &Page{t: t, ctx: ctx}
}

// Context is the tab's chromedp context.
func (p *Page) Context() context.Context { return p.ctx }

// Go loads url in the tab.
func (p *Page) Go(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
}

// Text is the visible text of the element sel (a CSS selector), once it
// is visible.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	return run(p, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Value is the value of the input sel.
func (p *Page) Value(sel string) string {
	p.t.Helper()
	return run(p, "read "+sel, chromedp.Value(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Type types s into the input sel, key by key, as a person does.
func (p *Page) Type(sel, s string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), s, chromedp.NodeVisible))
}

// Click clicks sel (a button that submits a form, a link), once it is
// visible, and waits until the page it leads to has loaded.
func (p *Page) Click(sel string) {
	p.t.Helper()
	// A mark on the page clicked on: the next page has none.
	p.Eval(`window.browsertestLeft = true`)
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	for {
		// Errors are expected while the page changes.
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`window.browsertestLeft === undefined && document.readyState === "complete"`))
		if err == nil && loaded {
			return
		}
		select {
		case <-ctx.Done():
			p.t.Fatalf("page: no new page after clicking %s: %v", sel, context.Cause(ctx))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Wait waits until sel is visible.
func (p *Page) Wait(sel string) {
	p.t.Helper()
	p.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Eval evaluates a JavaScript expression in the page, for what a person
// could do by hand but no action covers (editing a hidden field).
func (p *Page) Eval(js string) {
	p.t.Helper()
	_ = run(p, "evaluate "+js, chromedp.Evaluate[any](js))
}

func (p *Page) do(what string, a chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	_ = run(p, what, a)
}

// actionTimeout bounds one action: a page that lacks an element fails
// in seconds, not at the test's deadline.
const actionTimeout = 20 * time.Second

func run[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("page: %s: %v; the page:\n%s", what, err, p.shown())
	}
	return v
}

// shown is the tab's address and visible text, for a failure's message.
func (p *Page) shown() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return text
}

// Screenshot is a PNG of the whole page at width CSS pixels (at least a
// screen's height, 800); below 600 it is a phone's (mobile emulation:
// the page's viewport meta applies).
func (p *Page) Screenshot(width int64) []byte {
	p.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	p.do("set the viewport", chromedp.EmulateViewport(width, 800, opts...))
	// FullScreenshot captures beyond the viewport: the page below the fold.
	return run(p, "take a screenshot", chromedp.FullScreenshot(100))
}
