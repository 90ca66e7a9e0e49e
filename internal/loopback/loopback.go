// Package loopback decides which hosts may be reached over plain http: the
// SDK insists on https everywhere else, but tests and local sandboxes run on
// this machine.
package loopback

import (
	"net"
	"strings"
)

// Host reports whether host is localhost, in 127.0.0.0/8 or ::1.
func Host(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
