package cmdutil

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// SignalError is the cause of a context ended by a signal.
type SignalError struct{ Signal os.Signal }

func (e SignalError) Error() string { return "received " + e.Signal.String() }

// code is the exit status a shell would report for a process killed by
// the signal.
func (e SignalError) code() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return ExitSignalBase + int(s)
	}
	return ExitSignalBase + int(syscall.SIGINT)
}

// SignalContext is canceled by SIGINT or SIGTERM with a SignalError as
// its cause. After the first signal the default handling is restored, so
// a second Ctrl-C kills a process that does not stop.
func SignalContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			signal.Stop(ch)
			cancel(SignalError{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// SignalExit reports the exit status for a context ended by a signal.
func SignalExit(ctx context.Context) (int, bool) {
	var se SignalError
	if errors.As(context.Cause(ctx), &se) {
		return se.code(), true
	}
	return 0, false
}
