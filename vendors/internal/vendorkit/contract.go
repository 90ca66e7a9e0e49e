package vendorkit

import (
	"net/http"
	"sync"

	"github.com/devicecode/devicecode/internal/reqcheck"
	"github.com/devicecode/devicecode/specs"
)

// checkers holds one parsed spec per vendor, parsed on first use.
var checkers sync.Map // vendor name → func() (*reqcheck.Checker, error)

// contractCheck refuses, before it is sent, a request whose body leaves a
// member that specs/<vendor>/openapi.json requires zero
// (*devicecode.RequestMemberError); see package reqcheck.
func contractCheck(vendor string) func(*http.Request) error {
	load, _ := checkers.LoadOrStore(vendor, sync.OnceValues(func() (*reqcheck.Checker, error) {
		return reqcheck.New(vendor, specs.FS, vendor+"/openapi.json")
	}))
	return func(req *http.Request) error {
		c, err := load.(func() (*reqcheck.Checker, error))()
		if err != nil {
			return err
		}
		return c.Check(req)
	}
}
