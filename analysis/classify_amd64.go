//go:build amd64 && !purego

package analysis

// classifyBlocks is classify for whole 64-byte blocks (len(data) is
// 64*len(spaces)), in SSE2 assembly: 16 bytes per compare.
func classifyBlocks(data []byte, spaces, newlines, digits []uint64) {
	if len(spaces) == 0 {
		return
	}
	_ = data[64*len(spaces)-1]
	_ = newlines[len(spaces)-1]
	_ = digits[len(spaces)-1]
	classifySSE2(&data[0], len(spaces), &spaces[0], &newlines[0], &digits[0])
}

//go:noescape
func classifySSE2(data *byte, blocks int, spaces, newlines, digits *uint64)
