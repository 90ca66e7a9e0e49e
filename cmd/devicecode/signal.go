package main

import (
	"context"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/root"
)

// signalGrace is how long a command may take to tidy up (clear the
// countdown line) after a signal before the process exits regardless.
const signalGrace = 2 * time.Second

// runUntilSignal is root.Run, except that a command which does not watch ctx
// (normalize reading a terminal) cannot keep the process alive for long
// after a signal.
func runUntilSignal(ctx context.Context, args []string, f *cmdutil.Factory) int {
	result := make(chan int, 1)
	go func() { result <- root.Run(ctx, args, f) }()
	select {
	case code := <-result:
		return code
	case <-ctx.Done():
	}
	select {
	case code := <-result:
		return code
	case <-time.After(signalGrace):
		if code, ok := cmdutil.SignalExit(ctx); ok {
			return code
		}
		return cmdutil.ExitError
	}
}
