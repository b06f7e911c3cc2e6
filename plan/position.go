package plan

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// locate returns the line and column of path ("targets[2].cidr") in the
// document whose top-level mapping is root. When path does not exist (a
// missing key), it returns the position of the deepest part that does, so
// "missing" problems point at the mapping that lacks the key.
func locate(root *yaml.Node, path string) (line, col int) {
	n := root
	line, col = n.Line, n.Column
	for _, seg := range splitPath(path) {
		next := child(n, seg)
		if next == nil {
			return line, col
		}
		n = next
		line, col = n.Line, n.Column
	}
	return line, col
}

// child returns the value node of key seg in a mapping, or item seg
// ("[3]") of a sequence.
func child(n *yaml.Node, seg string) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if strings.HasPrefix(seg, "[") {
		i, err := strconv.Atoi(strings.Trim(seg, "[]"))
		if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
			return nil
		}
		return n.Content[i]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == seg {
			return n.Content[i+1]
		}
	}
	return nil
}

// splitPath splits "a.b[2].c" into "a", "b", "[2]", "c".
func splitPath(path string) []string {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.Index(part, "[")
			switch {
			case i < 0:
				segs = append(segs, part)
				part = ""
			case i > 0:
				segs = append(segs, part[:i])
				part = part[i:]
			default:
				j := strings.Index(part, "]")
				if j < 0 {
					segs = append(segs, part)
					part = ""
					continue
				}
				segs = append(segs, part[:j+1])
				part = part[j+1:]
			}
		}
	}
	return segs
}
