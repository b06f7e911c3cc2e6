// Package testenv holds test-only helpers shared by several packages: the
// moto_server emulator that scripts/test starts and announces through
// ACLPROBE_MOTO_URL, reading the journal a run wrote, and gzip-compressing
// fixtures as flow logs are delivered. It is imported only from _test.go
// files.
package testenv
