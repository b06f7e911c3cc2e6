package testenv

import (
	"strings"
	"testing"
)

// WantErr checks err against a table case's wanted error: with want
// empty err must be nil, else err must contain want; either miss fails
// tb at once. It reports whether an error was wanted, so that the case
// can return: an error leaves nothing more to check.
func WantErr(tb testing.TB, err error, want string) bool {
	tb.Helper()
	if want == "" {
		if err != nil {
			tb.Fatalf("err = %v, want none", err)
		}
		return false
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		tb.Fatalf("err = %v, want one containing %q", err, want)
	}
	return true
}
