//go:build !linux

package source

// Release does nothing here: mapped pages stay resident until unmapped.
func Release([]byte, int) {}
