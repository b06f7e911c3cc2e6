package identifytest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// FeedServer serves range feeds on 127.0.0.1 by path, with ETags
// (If-None-Match answers 304) and a fixed Last-Modified; a path can be
// told to fail with a status or to stall until the request or the test
// ends. It keeps each path's last request headers.
type FeedServer struct {
	*httptest.Server
	mu      sync.Mutex
	bodies  map[string]string
	etags   map[string]string
	broken  map[string]int // path -> status to answer
	stall   map[string]bool
	headers map[string]http.Header
	done    chan struct{}
}

// NewFeedServer starts a FeedServer that serves nothing yet; it stops
// when the test ends.
func NewFeedServer(tb testing.TB) *FeedServer {
	fs := &FeedServer{bodies: map[string]string{}, etags: map[string]string{}, broken: map[string]int{},
		stall: map[string]bool{}, headers: map[string]http.Header{}, done: make(chan struct{})}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve)) // listens on 127.0.0.1
	tb.Cleanup(func() { close(fs.done); fs.Close() })
	return fs
}

func (fs *FeedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	fs.headers[r.URL.Path] = r.Header.Clone()
	body, etag, status, stall := fs.bodies[r.URL.Path], fs.etags[r.URL.Path], fs.broken[r.URL.Path], fs.stall[r.URL.Path]
	fs.mu.Unlock()
	switch {
	case stall:
		select {
		case <-r.Context().Done():
		case <-fs.done:
		}
		return
	case status != 0:
		http.Error(w, "broken", status)
		return
	case body == "":
		http.NotFound(w, r)
		return
	case etag != "" && r.Header.Get("If-None-Match") == etag:
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	w.Header().Set("Last-Modified", "Wed, 03 Dec 2025 21:13:07 GMT")
	_, _ = w.Write([]byte(body))
}

// Set serves body at path with etag (none when empty), and mends a
// broken path.
func (fs *FeedServer) Set(path, body, etag string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.bodies[path], fs.etags[path] = body, etag
	delete(fs.broken, path)
}

// Break makes path answer status.
func (fs *FeedServer) Break(path string, status int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.broken[path] = status
}

// Stall makes path answer nothing until the request is cancelled.
func (fs *FeedServer) Stall(path string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.stall[path] = true
}

// Header returns the headers of path's last request.
func (fs *FeedServer) Header(path string) http.Header {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.headers[path]
}

// Feed returns the fixture feed file name of identify/testdata/feeds.
func Feed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(testdata(tb), "feeds", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// testdata is identify's testdata directory, found from this file.
func testdata(tb testing.TB) string {
	tb.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("identifytest: no source path to find identify/testdata from")
	}
	return filepath.Join(filepath.Dir(self), "..", "testdata")
}
