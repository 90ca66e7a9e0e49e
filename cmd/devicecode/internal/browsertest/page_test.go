package browsertest

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"
	"time"
)

// TestScreenshotFullPage: a screenshot holds the whole page, below the
// fold too, at the width asked.
func TestScreenshotFullPage(t *testing.T) {
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	p := c.Tab(ctx, t)
	p.Go(`data:text/html,<meta name=viewport content="width=device-width"><body style="margin:0"><div style="height:2500px">tall</div>`)
	for _, width := range []int64{1280, 390} {
		w, h := pngSize(t, p.Screenshot(width))
		if w != width || h != 2500 {
			t.Errorf("screenshot at %d px: %d×%d, want %d×2500", width, w, h, width)
		}
	}
}

// pngSize reads a PNG's width and height from its IHDR chunk.
func pngSize(t *testing.T, png []byte) (w, h int64) {
	t.Helper()
	if len(png) < 24 || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG (%d bytes)", len(png))
	}
	return int64(binary.BigEndian.Uint32(png[16:20])), int64(binary.BigEndian.Uint32(png[20:24]))
}
