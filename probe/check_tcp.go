package probe

import (
	"context"
	"net"
	"time"
)

// tcpCheck opens (and closes) a TCP connection.
type tcpCheck struct {
	address string
	timeout time.Duration
}

func (c *tcpCheck) check(ctx context.Context) outcome {
	var d net.Dialer
	start := time.Now()
	conn, err := d.DialContext(ctx, "tcp", c.address)
	latency := time.Since(start)
	if err != nil {
		return failed(latency, "%s", describeErr(ctx, c.timeout, err))
	}
	remote := conn.RemoteAddr().String()
	_ = conn.Close()
	return outcome{ok: true, latency: latency, detail: "connected to " + remote}
}
