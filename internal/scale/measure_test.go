package scale

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// figures are one variant's results.
type figures struct {
	flows        int
	base         uint64     // bytes: the live heap before the variant started
	pending      heapSample // at the largest HeapInuse before the first approval
	runPeak      uint64     // bytes: the largest HeapInuse of the whole run
	heapPerFlow  float64    // live heap bytes per pending flow
	stackPerFlow float64    // goroutine stack bytes per pending flow
	requests     int        // token requests the server received
	minimum      int        // the RFC minimum of token requests, summed over flows
	leaked       int        // goroutines left after the flows and servers ended
	note         string     // what makes a figure less exact, if anything
}

func (f figures) ratio() float64 { return float64(f.requests) / float64(max(f.minimum, 1)) }

// report names every figure with prefix ("" for devicecode's Wait); a
// variant that did not run reports nothing.
func (f figures) report(b *testing.B, prefix string) {
	if f.flows == 0 {
		return
	}
	b.ReportMetric(float64(f.flows), prefix+"flows")
	b.ReportMetric(mb(f.pending.inuse), prefix+"peak-heap-MB")
	b.ReportMetric(mb(f.pending.live), prefix+"peak-live-MB")
	b.ReportMetric(mb(f.pending.stacks), prefix+"peak-stacks-MB")
	b.ReportMetric(float64(f.runPeak)/(1<<20), prefix+"run-peak-heap-MB")
	b.ReportMetric(f.heapPerFlow, prefix+"heap-B/flow")
	b.ReportMetric(f.stackPerFlow, prefix+"stack-B/flow")
	b.ReportMetric(f.ratio(), prefix+"requests/rfc-min")
	b.ReportMetric(float64(f.leaked), prefix+"leaked-goroutines")
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func (f figures) String() string {
	p := f.pending
	return fmt.Sprintf("%d flows, peak heap %.1f MB pending (live at the last collection %.1f MB, stacks %.1f MB, GC goal %.1f MB; %.1f MB live before the variant; %.1f MB in the whole run), %.0f heap B/flow, %.0f stack B/flow, %d requests / RFC minimum %d = %.2f, %d leaked goroutines",
		f.flows, mb(p.inuse), mb(p.live), mb(p.stacks), mb(p.goal), mb(f.base), mb(f.runPeak), f.heapPerFlow, f.stackPerFlow, f.requests, f.minimum, f.ratio(), f.leaked) + f.noted()
}

func (f figures) noted() string {
	if f.note == "" {
		return ""
	}
	return " (" + f.note + ")"
}

// snapshot is the live heap (after a full collection), the goroutine
// stacks and the goroutine count.
type snapshot struct {
	heap, stack uint64
	goroutines  int
}

// A finalizer keeps what its object reaches alive for one more cycle (a
// closed connection of the last variant reaches its server and the
// server's request log), so live collects until the heap stops shrinking.
func live() snapshot {
	var m runtime.MemStats
	prev := uint64(1<<64 - 1)
	for range 5 {
		runtime.GC() // returns once the cycle, sweep included, is complete
		runtime.ReadMemStats(&m)
		if m.HeapAlloc >= prev-prev/100 {
			break
		}
		prev = m.HeapAlloc
	}
	return snapshot{heap: m.HeapAlloc, stack: m.StackInuse, goroutines: runtime.NumGoroutine()}
}

// warmGoroutines starts and ends n goroutines. The runtime keeps the
// descriptor of an ended goroutine (about 400 heap bytes) to reuse, so
// without this the first variant with a goroutine per flow would pay for
// descriptors the later ones get for free.
func warmGoroutines(n int) {
	var started, wg sync.WaitGroup
	release := make(chan struct{})
	for range n {
		started.Add(1)
		wg.Go(func() {
			started.Done()
			<-release
		})
	}
	started.Wait()
	close(release)
	wg.Wait()
}

// perFlow is what pending adds to base, per flow.
func perFlow(base, pending snapshot, flows int) (heap, stack float64) {
	return (float64(pending.heap) - float64(base.heap)) / float64(flows),
		(float64(pending.stack) - float64(base.stack)) / float64(flows)
}

// heapSample is the heap as runtime/metrics reads it, without stopping
// the world. inuse is HeapInuse: the bytes of heap spans holding objects,
// live or not yet swept; it is what the process holds for its heap, so the
// peak is measured with it rather than with the live heap after a
// collection. live and goal explain it: the collector lets the heap grow
// to goal = live + (live + stacks + globals) × GOGC/100 before it collects.
type heapSample struct {
	inuse, live, goal, stacks uint64
}

var heapMetrics = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes",
	"/gc/heap/live:bytes", "/gc/heap/goal:bytes", "/memory/classes/heap/stacks:bytes"}

func readHeap() heapSample {
	s := make([]metrics.Sample, len(heapMetrics))
	for i, name := range heapMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := func(i int) uint64 { return s[i].Value.Uint64() }
	return heapSample{inuse: v(0) + v(1), live: v(2), goal: v(3), stacks: v(4)}
}

// peakWatch samples the heap every millisecond, and whenever sample is
// called, until end, and keeps the sample with the largest inuse.
type peakWatch struct {
	mu   sync.Mutex
	peak heapSample
	// profile, when set, is where each new peak (by 1 MB or more) writes
	// the heap profile, until the first approval clears it.
	profile  string
	profiled uint64
	stop     chan struct{}
	done     chan struct{}
}

func watchPeak(variant string) *peakWatch {
	w := &peakWatch{profile: profileFor(variant), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			w.sample()
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *peakWatch) sample() {
	h := readHeap()
	w.mu.Lock()
	defer w.mu.Unlock()
	if h.inuse > w.peak.inuse {
		w.peak = h
	}
	if w.profile != "" && h.inuse > w.profiled+1<<20 {
		w.profiled = h.inuse
		writeProfile(w.profile)
	}
}

// pendingPeak is the peak so far, taken at the first approval: the last
// profile, if any, was written at it.
func (w *peakWatch) pendingPeak() heapSample {
	w.sample()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.profile = ""
	return w.peak
}

// end stops the sampler (its goroutine is gone when end returns).
func (w *peakWatch) end() uint64 {
	close(w.stop)
	<-w.done
	return w.peak.inuse
}

// leaked waits, at most 10 s, for the goroutine count to fall back to
// baseline (closed connections and servers wind down asynchronously) and
// returns how many goroutines remain above it.
func leaked(baseline int) int {
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	return max(runtime.NumGoroutine()-baseline, 0)
}

// waitParked waits until n goroutines are blocked in a select directly
// inside fn (a fully qualified function name), i.e. asleep between polls.
// x/oauth2 sleeps on real timers that no fake clock can count.
func waitParked(ctx context.Context, fn string, n int) error {
	for parkedIn(fn) < n {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d goroutines parked in %s: %w", n, fn, ctx.Err())
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}

// parkedIn counts the goroutines whose stack has fn calling
// runtime.selectgo.
func parkedIn(fn string) int {
	recs := make([]runtime.StackRecord, runtime.NumGoroutine()+100)
	n, ok := runtime.GoroutineProfile(recs)
	for !ok {
		recs = make([]runtime.StackRecord, n+100)
		n, ok = runtime.GoroutineProfile(recs)
	}
	count := 0
	for _, r := range recs[:n] {
		if selectsIn(r.Stack(), fn) {
			count++
		}
	}
	return count
}

func selectsIn(stack []uintptr, fn string) bool {
	frames := runtime.CallersFrames(stack)
	prev := ""
	for {
		f, more := frames.Next()
		if f.Function == fn && prev == "runtime.selectgo" {
			return true
		}
		if !more {
			return false
		}
		prev = f.Function
	}
}
