//go:build !amd64 || purego

package analysis

// classifyBlocks is classify for whole 64-byte blocks (len(data) is
// 64*len(spaces)).
func classifyBlocks(data []byte, spaces, newlines, digits []uint64) {
	classifyBlocksGo(data, spaces, newlines, digits)
}
