// Package testenv holds test-only helpers shared by several packages: the
// moto_server emulator that scripts/test starts and announces through
// ACLPROBE_MOTO_URL. It is imported only from _test.go files.
package testenv
