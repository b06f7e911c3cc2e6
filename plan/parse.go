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
	"strings"

	"gopkg.in/yaml.v3"
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
	p, root, err := decode(data, name)
	if err != nil {
		return nil, sum, err
	}
	p.SetDefaults()
	var ps problems
	validate(p, &ps)
	for i := range ps.list {
		ps.list[i].Line, ps.list[i].Column = locate(root, ps.list[i].Path)
	}
	if err := ps.err(name); err != nil {
		return nil, sum, err
	}
	return p, sum, nil
}

// SHA256 returns the hex SHA-256 of a plan file's bytes: the identity of
// the plan a run executed.
func SHA256(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// decode parses data into a Plan, reporting every structural problem
// (syntax, unknown or duplicate keys, wrong types) with its position.
func decode(data []byte, name string) (*Plan, *yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, syntaxError(name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil, &ValidationError{File: name, Problems: []Problem{{File: name, Message: "empty plan"}}}
	}
	root := doc.Content[0]
	var found []Problem
	if root.Kind != yaml.MappingNode {
		found = append(found, problemAt(root, "", "a plan is a mapping of keys (apiVersion, name, target, ...), got %s", kindName(root)))
	} else {
		checkStructure(root, reflect.TypeOf(Plan{}), "", &found)
	}
	if len(found) > 0 {
		for i := range found {
			found[i].File = name
		}
		return nil, nil, &ValidationError{File: name, Problems: found}
	}
	var p Plan
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, nil, syntaxError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, nil, &ValidationError{File: name, Problems: []Problem{{File: name, Line: extra.Line, Column: extra.Column,
			Message: "more than one YAML document: a plan file holds exactly one plan"}}}
	}
	return &p, root, nil
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
