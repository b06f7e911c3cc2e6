package testenv

import (
	"net"
	"testing"
)

// TCPListener returns the address of a listener on 127.0.0.1 that
// accepts every connection and closes it at once (a healthy TCP
// endpoint for probes); it is closed when the test ends.
func TCPListener(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l.Addr().String()
}
