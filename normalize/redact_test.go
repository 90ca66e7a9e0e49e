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
	embedding := struct {
		normalize.DeviceCode
		Note string
	}{*dc, "n"}
	embeddingPtr := struct {
		*normalize.DeviceCode
		Note string
	}{dc, "n"}
	args := []any{dc, *dc, holder, embedding, embeddingPtr, []*normalize.DeviceCode{dc}, []normalize.DeviceCode{*dc}, map[string]*normalize.DeviceCode{"k": dc}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X"} {
		for _, arg := range args {
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

// TestExtraNeverPrinted: a vendor may echo a device code in a field we do
// not map (Veeam has none of its own, so a "deviceCode" lands in Extra).
// Extra values are shown by json.Marshal only, never by fmt, slog or errors.
func TestExtraNeverPrinted(t *testing.T) {
	const secret = "echoed-secret-7"
	body := `{"userCode":"CWE5QHLNM","verificationUrl":"https://microsoft.com/devicelogin","expiresIn":899,"deviceCode":"` + secret + `","device_code":"` + secret + `"}`
	dc, err := normalize.Decode(normalize.Veeam, []byte(body), normalize.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		fmt.Fprintf(&buf, verb+"\n", dc)
		fmt.Fprintf(&buf, verb+"\n", []*normalize.DeviceCode{dc})
	}
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("flow", "dc", dc)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("flow", "dc", dc)
	// A rejected body with the echo: the error names fields, not values.
	_, err = normalize.Decode(normalize.Veeam, []byte(strings.Replace(body, "899", "-1", 1)))
	if err == nil {
		t.Fatal("accepted a negative lifetime")
	}
	buf.WriteString(err.Error())
	if strings.Contains(buf.String(), secret) {
		t.Errorf("Extra value printed:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "deviceCode") {
		t.Errorf("Extra keys should stay visible for debugging:\n%s", buf.String())
	}
	if b, _ := json.Marshal(dc); !bytes.Contains(b, []byte(secret)) {
		t.Errorf("json.Marshal must keep Extra: %s", b)
	}
}
