// Package probe owns everything that says "something broke": CloudWatch
// alarms (by name and prefix, metric and composite, all pages) and
// aclprobe's own checks (http, tcp, dns, command) with intervals, timeouts
// and failure thresholds. It declares the narrow CloudWatchAPI it needs.
package probe
