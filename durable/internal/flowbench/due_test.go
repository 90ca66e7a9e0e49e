package flowbench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/devicecode/devicecode"
)

// due is when a poll was due: the NextPollAt of the State a client was
// about to poll with — poll K (from 0) of device code C, at D (Unix ns).
type due struct {
	C string
	K int
	D int64
}

// dueLog collects the dues a process saw until they are written out.
type dueLog struct {
	mu   sync.Mutex
	dues []due
}

func (l *dueLog) add(st devicecode.State) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dues = append(l.dues, due{C: st.DeviceCode.DeviceCode, K: st.Polls, D: st.NextPollAt.UnixNano()})
}

func (l *dueLog) drain() []due {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := l.dues
	l.dues = nil
	return d
}

// appendTo appends what was collected to path, a JSON object a line: a
// worker does every second, so that one SIGKILLed loses a second's.
func (l *dueLog) appendTo(path string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, d := range l.drain() {
		if err := enc.Encode(d); err != nil {
			return errors.Join(err, f.Close())
		}
	}
	return errors.Join(w.Flush(), f.Close())
}

// dueClient is a worker's vendor client: each Resume, which durable
// calls just before the poll it sends, notes when that poll was due.
type dueClient struct {
	devicecode.Client
	log *dueLog
}

func (c dueClient) Resume(st devicecode.State) (*devicecode.Flow, error) {
	c.log.add(st)
	return c.Client.Resume(st)
}

// schedule is every code's dues by poll, zero where none was noted.
type schedule map[string][]int64

func (s schedule) add(d due) {
	polls := s[d.C]
	for len(polls) <= d.K {
		polls = append(polls, 0)
	}
	if polls[d.K] == 0 { // a second execution of the same poll is a duplicate; the first's due stands
		polls[d.K] = d.D
	}
	s[d.C] = polls
}

// readSchedule adds the dues of the files that exist.
func (s schedule) read(paths ...string) error {
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		for line := range bytes.Lines(b) {
			var d due
			if json.Unmarshal(line, &d) == nil { // a SIGKILL may cut the last line short
				s.add(d)
			}
		}
	}
	return nil
}

// at is poll k's due, ok false when unknown.
func (s schedule) at(code string, k int) (time.Time, bool) {
	if polls := s[code]; k < len(polls) && polls[k] != 0 {
		return time.Unix(0, polls[k]), true
	}
	return time.Time{}, false
}
