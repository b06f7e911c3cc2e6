package analysis

import "time"

// maxWindow is the longest capture window a record may have: flow logs
// aggregate over at most 10 minutes, and records can close late, but
// never an hour late.
const maxWindow = int64(time.Hour / time.Second)

// oddWindow reports whether a record's own capture window is absurd: it
// ends before it starts, or spans more than maxWindow.
func oddWindow(start, end int64) bool {
	return start >= 0 && end >= 0 && (end < start || end-start > maxWindow)
}
