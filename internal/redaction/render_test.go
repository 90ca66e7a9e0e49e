package redaction_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Marker secrets: distinctive, so that a hit cannot be a coincidence.
const (
	markDeviceCode   = "SECRET-DEVICE-CODE-7f3a"
	markClientSecret = "SECRET-CLIENT-SECRET-91c2"
	markAPIKey       = "SECRET-API-KEY-4d0e"
	markPassword     = "SECRET-PASSWORD-b6a8"
	markSessionID    = "SECRET-SESSION-ID-2e57"
	markAppSecret    = "SECRET-APP-SECRET-c3f1"
)

// verbs are the fmt verbs a log line or an error message may use. %x, %X
// and %d matter as much as %v: without a Format method, fmt prints a
// struct's fields for them, past String.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// holder is a caller's own struct with the value in an exported field:
// fmt and encoding/json reach the value's methods through it.
type holder struct{ Value any }

// rendering is one way a value was shown, and what it showed.
type rendering struct{ how, text string }

// render shows v every way a program may print, log or wrap it. json says
// whether encoding/json is one of them: false for the types meant to be
// serialized with their secret (see the package doc).
func render(v any, json bool) []rendering {
	var out []rendering
	for _, verb := range verbs {
		out = append(out, rendering{verb, fmt.Sprintf(verb, v)}, rendering{"holder " + verb, fmt.Sprintf(verb, holder{v})})
	}
	out = append(out, rendering{"fmt.Errorf %v", fmt.Errorf("op: %v", v).Error()},
		rendering{"fmt.Errorf %+v", fmt.Errorf("op: %+v", v).Error()})
	out = append(out, logged(v, json)...)
	if json {
		out = append(out, marshaled(v)...)
	}
	return out
}

// logged logs v with slog's text and JSON handlers, as a key-value pair,
// through slog.Any, inside a group and in a caller's struct. The JSON
// handler marshals a struct that is no slog.LogValuer with encoding/json,
// so the last is skipped unless json is checked.
func logged(v any, json bool) []rendering {
	var out []rendering
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"slog text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"slog json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	for name, h := range handlers {
		var b bytes.Buffer
		l := slog.New(h(&b))
		l.Info("kv", "value", v)
		l.Info("any", slog.Any("value", v))
		l.Info("group", slog.Group("g", slog.Any("value", v)))
		if json || name == "slog text" {
			l.Info("holder", "value", holder{v})
		}
		out = append(out, rendering{name, b.String()})
	}
	return out
}

func marshaled(v any) []rendering {
	var out []rendering
	for _, x := range []any{v, holder{v}} {
		b, err := json.Marshal(x)
		if err != nil {
			b = []byte(err.Error())
		}
		out = append(out, rendering{fmt.Sprintf("json.Marshal %T", x), string(b)})
	}
	return out
}

// hidden fails t for each rendering that shows one of secrets, in plain
// text or hex (the %x and %X verbs).
func hidden(t *testing.T, name string, shown []rendering, secrets ...string) {
	t.Helper()
	for _, r := range shown {
		for _, s := range secrets {
			if s == "" {
				t.Fatalf("%s: an empty secret proves nothing", name)
			}
			if leaks(r.text, s) {
				t.Errorf("%s: %s shows a secret: %s", name, r.how, r.text)
			}
		}
	}
}

func leaks(text, secret string) bool {
	return strings.Contains(text, secret) || strings.Contains(text, hex.EncodeToString([]byte(secret))) ||
		strings.Contains(text, strings.ToUpper(hex.EncodeToString([]byte(secret))))
}

// errorTexts shows err the ways a program reports one: Error(), the fmt
// verbs and slog, and each error in its chain.
func errorTexts(err error) []rendering {
	if err == nil {
		return nil
	}
	out := render(err, false)
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		out = append(out, rendering{fmt.Sprintf("chain %T", e), e.Error()}, rendering{fmt.Sprintf("chain %T %%#v", e), fmt.Sprintf("%#v", e)})
	}
	return append(out, rendering{"Error()", err.Error()})
}

// TestRenderCatchesALeak proves the harness can fail: a plain struct
// with the marker leaks through every path it checks.
func TestRenderCatchesALeak(t *testing.T) {
	type plain struct{ Secret string }
	shown := render(plain{markDeviceCode}, true)
	seen := map[string]bool{}
	for _, r := range shown {
		seen[r.how] = leaks(r.text, markDeviceCode)
	}
	for how, leaked := range seen {
		if !leaked {
			t.Errorf("%s of a plain struct does not show its field: the check would miss a leak", how)
		}
	}
}
