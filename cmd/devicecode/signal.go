package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// signalGrace is how long a command may take to tidy up (clear the
// countdown line) after a signal before the process exits regardless.
const signalGrace = 2 * time.Second

// signalError is the cause of a context ended by a signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "received " + e.sig.String() }

// code is the exit status a shell would report for a process killed by
// the signal.
func (e signalError) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return exitSignalBase + int(s)
	}
	return exitSignalBase + int(syscall.SIGINT)
}

// signalContext is canceled by SIGINT or SIGTERM with a signalError as
// its cause. After the first signal the default handling is restored, so
// a second Ctrl-C kills a process that does not stop.
func signalContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			signal.Stop(ch)
			cancel(signalError{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// signalExit reports the exit status for a context ended by a signal.
func signalExit(ctx context.Context) (int, bool) {
	var se signalError
	if errors.As(context.Cause(ctx), &se) {
		return se.code(), true
	}
	return 0, false
}

// runUntilSignal is run, except that a command which does not watch ctx
// (normalize reading a terminal) cannot keep the process alive for long
// after a signal.
func runUntilSignal(ctx context.Context, args []string, s stdio) int {
	result := make(chan int, 1)
	go func() { result <- run(ctx, args, s) }()
	select {
	case code := <-result:
		return code
	case <-ctx.Done():
	}
	select {
	case code := <-result:
		return code
	case <-time.After(signalGrace):
		if code, ok := signalExit(ctx); ok {
			return code
		}
		return exitError
	}
}
