package vendorkit

import (
	"net/http"
	"sync"

	"github.com/devicecode/devicecode/internal/reqcheck"
	"github.com/devicecode/devicecode/specs"
)

// checkers holds one parsed spec per vendor, parsed on first use.
var checkers = struct {
	sync.Mutex
	byVendor map[string]func() (*reqcheck.Checker, error)
}{byVendor: map[string]func() (*reqcheck.Checker, error){}}

// contractCheck refuses, before it is sent, a request whose body leaves a
// member that specs/<vendor>/openapi.json requires zero
// (*devicecode.RequestMemberError); see package reqcheck.
func contractCheck(vendor string) func(*http.Request) error {
	checkers.Lock()
	load, ok := checkers.byVendor[vendor]
	if !ok {
		load = sync.OnceValues(func() (*reqcheck.Checker, error) {
			return reqcheck.New(vendor, specs.FS, vendor+"/openapi.json")
		})
		checkers.byVendor[vendor] = load
	}
	checkers.Unlock()
	return func(req *http.Request) error {
		c, err := load()
		if err != nil {
			return err
		}
		return c.Check(req)
	}
}
