// Package testenv holds test-only helpers shared by several packages: the
// moto_server emulator that scripts/test starts and announces through
// ACLPROBE_MOTO_URL, and reading the journal a run wrote. It is imported
// only from _test.go files.
package testenv
