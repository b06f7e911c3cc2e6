// Package testenv holds test-only helpers shared by several packages: the
// moto_server emulator that scripts/test starts and announces through
// ACLPROBE_MOTO_URL, reading the journal a run wrote, gzip-compressing
// fixtures as flow logs are delivered, a healthy TCP listener on
// 127.0.0.1 for probes, and the wanted-error check of table tests. It is
// imported only from _test.go files.
package testenv
