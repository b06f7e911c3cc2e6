package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxPlanBytes bounds the size of a plan file; plans are small.
const MaxPlanBytes = 4 << 20

// Load reads, decodes, defaults and validates the plan at path. It returns
// the plan and the hex SHA-256 of the file's exact bytes. Any problem is a
// *ValidationError listing them all with path:line:column.
func Load(path string) (*Plan, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("plan %s: %w", path, err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads a plan from r (name is used in messages), decodes it
// strictly, applies the defaults and validates it. It returns the plan and
// the hex SHA-256 of the bytes read.
func Parse(r io.Reader, name string) (*Plan, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPlanBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("plan %s: read: %w", name, err)
	}
	if len(data) > MaxPlanBytes {
		return nil, "", fmt.Errorf("plan %s: larger than %d bytes", name, MaxPlanBytes)
	}
	sum := SHA256(data)
	p, root, found, err := decode(data, name)
	if err != nil {
		return nil, sum, err
	}
	p.SetDefaults()
	var ps problems
	validate(p, &ps)
	for _, pr := range ps.list {
		if coveredBy(pr.Path, found) {
			continue // a consequence of a structural problem already reported
		}
		pr.Line, pr.Column = locate(root, pr.Path)
		found = append(found, pr)
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
	})
	if len(found) > 0 {
		for i := range found {
			found[i].File = name
		}
		return nil, sum, &ValidationError{File: name, Problems: found}
	}
	return p, sum, nil
}

// coveredBy reports whether path is, contains or lies inside the path of
// one of the structural problems (so it need not be reported again).
func coveredBy(path string, structural []Problem) bool {
	for _, s := range structural {
		if s.Path == "" || path == s.Path || strings.HasPrefix(path, s.Path+".") || strings.HasPrefix(path, s.Path+"[") ||
			strings.HasPrefix(s.Path, path+".") || strings.HasPrefix(s.Path, path+"[") {
			return true
		}
	}
	return false
}

// SHA256 returns the hex SHA-256 of a plan file's bytes: the identity of
// the plan a run executed.
func SHA256(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// decode parses data into a Plan and returns every structural problem
// (unknown or duplicate keys, wrong types) with its position. With
// structural problems it still decodes what it can, leniently, so the
// semantic checks can report the rest; without, it decodes strictly
// (KnownFields). Syntax errors and empty input are returned as err.
func decode(data []byte, name string) (*Plan, *yaml.Node, []Problem, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, nil, syntaxError(name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil, nil, &ValidationError{File: name, Problems: []Problem{{File: name, Message: "empty plan"}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		pr := problemAt(root, "", "a plan is a mapping of keys (apiVersion, name, target, ...), got %s", kindName(root))
		pr.File = name
		return nil, nil, nil, &ValidationError{File: name, Problems: []Problem{pr}}
	}
	var found []Problem
	checkStructure(root, reflect.TypeOf(Plan{}), "", &found)
	var p Plan
	if len(found) > 0 {
		// Lenient: type errors leave zero values, already reported. yaml.v3
		// refuses a whole mapping with a duplicate key, which would turn one
		// duplicate into a "missing" problem for each of its keys: decode
		// a copy that keeps only the first of each key instead.
		_ = firstKeysOnly(root, map[*yaml.Node]*yaml.Node{}).Decode(&p)
		return &p, root, found, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, nil, nil, syntaxError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, nil, nil, &ValidationError{File: name, Problems: []Problem{{File: name, Line: extra.Line, Column: extra.Column,
			Message: "more than one YAML document: a plan file holds exactly one plan"}}}
	}
	return &p, root, nil, nil
}

// firstKeysOnly returns a copy of the tree under n in which every mapping
// keeps only the first occurrence of each key (already reported as a
// problem). copies maps each node copied to its copy, so an alias points
// into the copy and a node shared by aliases is copied once.
func firstKeysOnly(n *yaml.Node, copies map[*yaml.Node]*yaml.Node) *yaml.Node {
	if c, ok := copies[n]; ok {
		return c
	}
	c := *n
	copies[n] = &c
	if n.Alias != nil {
		c.Alias = firstKeysOnly(n.Alias, copies)
	}
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	if n.Kind != yaml.MappingNode {
		for _, x := range n.Content {
			c.Content = append(c.Content, firstKeysOnly(x, copies))
		}
		return &c
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		c.Content = append(c.Content, firstKeysOnly(k, copies), firstKeysOnly(v, copies))
	}
	return &c
}

// syntaxError turns a yaml.v3 error into a ValidationError, keeping the
// line yaml.v3 reports.
func syntaxError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		var rest string
		if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
			if _, after, ok := strings.Cut(msg, ": "); ok {
				rest = after
			}
			msg = rest
		}
	}
	col := 0
	if line > 0 {
		col = 1
	}
	return &ValidationError{File: name, Problems: []Problem{{File: name, Line: line, Column: col, Message: "invalid YAML: " + msg}}}
}
