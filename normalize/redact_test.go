package normalize_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/normalize"
)

func TestDeviceCodeNeverPrinted(t *testing.T) {
	dc, err := normalize.Decode(normalize.GitLab, []byte(gitlabOK), normalize.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	const secret = "dc-secret-1"
	holder := struct{ Code *normalize.DeviceCode }{dc}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X"} {
		for _, arg := range []any{dc, *dc, holder} {
			if out := fmt.Sprintf(verb, arg); strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
				t.Errorf("fmt %s of %T shows the device code: %s", verb, arg, out)
			}
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("flow", "dc", dc)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("flow", "dc", *dc)
	if strings.Contains(buf.String(), secret) {
		t.Errorf("slog shows the device code: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "WDJB-MJHT") {
		t.Errorf("slog should still show the user code: %s", buf.String())
	}
	// The documented way out.
	if b, _ := json.Marshal(dc); !bytes.Contains(b, []byte(secret)) {
		t.Errorf("json.Marshal must carry the device code: %s", b)
	}
}
