//go:build unix

package faultmatrix

import (
	"fmt"
	"syscall"
)

// closedPort is an address on loopback where nothing listens, held until
// release: a socket bound there but never listening, so the kernel
// refuses every connection and gives the port to no other listener. A
// port merely closed again was handed to the next listener of a parallel
// cell now and then, and the "refused" connection reached it.
func closedPort() (addr string, release func(), err error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, err
	}
	syscall.CloseOnExec(fd)
	release = func() { _ = syscall.Close(fd) }
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		release()
		return "", nil, err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		release()
		return "", nil, err
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		release()
		return "", nil, fmt.Errorf("closed port: bound to %T, not IPv4", sa)
	}
	return fmt.Sprintf("127.0.0.1:%d", in4.Port), release, nil
}
