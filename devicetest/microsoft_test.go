package devicetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestMicrosoftFake(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts devicetest.Options
		deny bool
		want error
	}{
		{"approved after two pending polls and a 429", devicetest.Options{Script: []devicetest.Answer{devicetest.Pending, devicetest.TooMany, devicetest.Pending}}, false, nil},
		{"declined", devicetest.Options{}, true, devicecode.ErrAccessDenied},
		{"expired", devicetest.Options{Lifetime: 30 * time.Second, Script: make([]devicetest.Answer, 0)}, false, devicecode.ErrExpiredToken},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := fakeclock.NewAuto(t0)
			tt.opts.Clock = clk
			s := devicetest.NewMicrosoft(tt.opts)
			defer s.Close()
			c, err := microsoft.New(microsoft.Config{Tenant: "contoso.onmicrosoft.com", ClientID: "app", AuthorityHost: s.URL, Scopes: []string{"User.Read"}},
				devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			fl, err := c.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			dc := fl.State().DeviceCode
			switch {
			case tt.deny:
				_ = s.Deny(dc.UserCode)
			case tt.want == nil:
				_ = s.Approve(dc.UserCode)
			}
			_, err = fl.Wait(ctx)
			var entra *microsoft.Error
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Wait = %v", err)
			case tt.want != nil && (!errors.Is(err, tt.want) || !errors.As(err, &entra) || entra.TraceID == ""):
				t.Fatalf("Wait = %v, want %v as a *microsoft.Error with a trace id", err, tt.want)
			}
			t.Logf("polls %v", polls(s))
		})
	}
}
