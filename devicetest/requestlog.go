package devicetest

import (
	"bufio"
	"net"
	"net/http"
	"sync"
)

// requestLog keeps a fake's requests in arrival order. An entry is added
// when its request arrives and gets its status when the answer's header is
// written, both before the client can see the answer: a client that got an
// answer (or a dropped connection) always finds its request in the log.
type requestLog[T any] struct {
	mu      sync.Mutex
	entries []T
}

// add logs e and returns a writer that records the status into it.
func (l *requestLog[T]) add(e T, w http.ResponseWriter, status func(*T) *int) *recordingWriter {
	l.mu.Lock()
	i := len(l.entries)
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	return &recordingWriter{ResponseWriter: w, onStatus: func(code int) {
		l.mu.Lock()
		defer l.mu.Unlock()
		*status(&l.entries[i]) = code
	}}
}

func (l *requestLog[T]) list() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]T(nil), l.entries...)
}

// recordingWriter notes the status written; it stays 0 for a hijacked
// (dropped) connection.
type recordingWriter struct {
	http.ResponseWriter
	status   int
	onStatus func(int) // nil: nothing to tell
}

func (w *recordingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.onStatus != nil {
			w.onStatus(code)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Hijack lets Drop close the connection through the wrapper.
func (w *recordingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	return hj.Hijack()
}
