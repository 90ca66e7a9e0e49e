package devicecode_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
)

// A Secret, alone or in a struct, never shows in any fmt verb, slog
// handler or JSON; an empty one stays visibly empty; JSON reads it back.
func TestSecretHidden(t *testing.T) {
	const mark = "SECRET-c0ffee"
	type config struct {
		Name  string
		Key   devicecode.Secret
		Inner struct{ Password devicecode.Secret }
	}
	c := config{Name: "n", Key: mark}
	c.Inner.Password = mark
	var shown []string
	for _, v := range []any{devicecode.Secret(mark), c, &c} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%T"} {
			shown = append(shown, fmt.Sprintf(verb, v))
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		shown = append(shown, string(b))
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			var b bytes.Buffer
			slog.New(h(&b)).Info("m", "v", v)
			shown = append(shown, b.String())
		}
	}
	for _, s := range shown {
		if strings.Contains(s, mark) || strings.Contains(s, fmt.Sprintf("%x", mark)) {
			t.Errorf("shown: %s", s)
		}
	}
	if got := fmt.Sprint(devicecode.Secret("")); got != "" {
		t.Errorf("empty secret prints %q", got)
	}
	var back config
	if err := json.Unmarshal([]byte(`{"Key":"`+mark+`"}`), &back); err != nil || string(back.Key) != mark {
		t.Errorf("Unmarshal = %q, %v", back.Key, err)
	}
}
