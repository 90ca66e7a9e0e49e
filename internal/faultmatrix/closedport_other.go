//go:build !unix

package faultmatrix

import (
	"context"
	"net"
)

// closedPort is an address on loopback where nothing listens: one closed
// again at once, which another listener may take (see the unix version).
func closedPort() (addr string, release func(), err error) {
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	return l.Addr().String(), func() {}, l.Close()
}
