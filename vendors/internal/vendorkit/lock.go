package vendorkit

import (
	"context"
	"sync"
)

// Lock serializes a network exchange that concurrent calls share (a
// login, a version probe) without making the waiting calls deaf to their
// context: a call queued behind another's slow request gives up when its
// own context ends, where a sync.Mutex would hold it. The zero value is
// unlocked.
type Lock struct {
	once sync.Once
	ch   chan struct{}
}

// Lock takes the lock, or returns ctx's error once ctx ends first.
func (l *Lock) Lock(ctx context.Context) error {
	l.once.Do(func() { l.ch = make(chan struct{}, 1) })
	select {
	case l.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Unlock releases the lock taken by Lock.
func (l *Lock) Unlock() { <-l.ch }
