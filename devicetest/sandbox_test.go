package devicetest_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// The sandbox serves every fake on one address; a person decides through
// its HTTP hook, as `devicecode sandbox approve` does.
func TestSandbox(t *testing.T) {
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gl, _ := gitlab.New(gitlab.Config{BaseURL: sb.Fakes[normalize.GitLab].URL, ClientID: "app"})
	ms, _ := microsoft.New(microsoft.Config{Tenant: "organizations", ClientID: "app", AuthorityHost: sb.Fakes[normalize.Microsoft].URL})
	for name, start := range map[string]func() (*normalize.DeviceCode, error){
		"gitlab":    func() (*normalize.DeviceCode, error) { return gl.Start(ctx, "read_user") },
		"microsoft": func() (*normalize.DeviceCode, error) { return ms.Start(ctx, "User.Read") },
	} {
		dc, err := start()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp, err := http.PostForm(sb.URL+"/devicetest/approve", url.Values{"user_code": {dc.UserCode}})
		if err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: approve: %v %v", name, resp, err)
		}
		resp.Body.Close()
		wait := gl.Wait
		if name == "microsoft" {
			wait = ms.Wait
		}
		if _, err := wait(ctx, dc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := devicetest.NewSandbox("0.0.0.0:0", devicetest.Options{}); err == nil {
		t.Error("a sandbox on every interface was allowed")
	}
}
