package plan

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// checkStructure walks a YAML node tree against the Go type it will be
// decoded into and reports, with their positions, every unknown or
// duplicate key, every value of the wrong shape and every scalar that does
// not decode. It is what makes decoding strict and complete: yaml.v3 stops
// at the first custom-unmarshaler error and reports type errors without
// columns.
func checkStructure(n *yaml.Node, t reflect.Type, path string, out *[]Problem) {
	w := &walker{out: out, active: map[*yaml.Node]bool{}}
	w.check(n, t, path)
}

// maxVisits bounds the nodes one plan may expand to (aliases included),
// against alias bombs.
const maxVisits = 100000

// walker carries the state of one structural check: the problems, the
// aliases being expanded (to stop recursive ones) and a visit budget.
type walker struct {
	out    *[]Problem
	active map[*yaml.Node]bool
	visits int
}

func (w *walker) check(n *yaml.Node, t reflect.Type, path string) {
	out := w.out
	if w.visits++; w.visits > maxVisits {
		if w.visits == maxVisits+1 {
			*out = append(*out, problemAt(n, path, "the document expands to more than %d values (aliases?): too complex for a plan", maxVisits))
		}
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || w.active[n.Alias] {
			*out = append(*out, problemAt(n, path, "recursive alias"))
			return
		}
		w.active[n.Alias] = true
		defer delete(w.active, n.Alias)
		n = n.Alias
	}
	if isNull(n) {
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		checkScalar(n, t, path, out)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		w.check(n, t.Elem(), path)
	case reflect.Struct:
		w.checkMapping(n, t, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			*out = append(*out, problemAt(n, path, "want a list, got %s", kindName(n)))
			return
		}
		for i, c := range n.Content {
			w.check(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		w.checkMap(n, t, path)
	default:
		checkScalar(n, t, path, out)
	}
}

// checkMapping checks a mapping decoded into struct type t.
func (w *walker) checkMapping(n *yaml.Node, t reflect.Type, path string) {
	out := w.out
	if n.Kind != yaml.MappingNode {
		*out = append(*out, problemAt(n, path, "want a mapping of keys, got %s", kindName(n)))
		return
	}
	fields := yamlFields(t)
	w.eachKey(n, path, func(k, v *yaml.Node, kp string) {
		f, ok := fields[k.Value]
		if !ok {
			*out = append(*out, problemAt(k, kp, "unknown key %q (known keys: %s)", k.Value, knownKeys(fields)))
			return
		}
		w.check(v, f, kp)
	})
}

// checkMap checks a mapping decoded into a Go map (string keys).
func (w *walker) checkMap(n *yaml.Node, t reflect.Type, path string) {
	out := w.out
	if n.Kind != yaml.MappingNode {
		*out = append(*out, problemAt(n, path, "want a mapping, got %s", kindName(n)))
		return
	}
	w.eachKey(n, path, func(k, v *yaml.Node, kp string) {
		checkScalar(k, t.Key(), kp, out)
		w.check(v, t.Elem(), kp)
	})
}

// eachKey calls visit with each key of mapping n, its value and its path,
// reporting a repeated key (with the line of the first) instead.
func (w *walker) eachKey(n *yaml.Node, path string, visit func(k, v *yaml.Node, kp string)) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := join(path, k.Value)
		if first := seen[k.Value]; first != nil {
			*w.out = append(*w.out, problemAt(k, kp, "duplicate key %q (first at line %d)", k.Value, first.Line))
			continue
		}
		seen[k.Value] = k
		visit(k, v, kp)
	}
}

// checkScalar decodes n alone into a fresh value of type t.
func checkScalar(n *yaml.Node, t reflect.Type, path string, out *[]Problem) {
	if n.Kind != yaml.ScalarNode {
		*out = append(*out, problemAt(n, path, "want a single value, got %s", kindName(n)))
		return
	}
	v := reflect.New(t)
	if err := n.Decode(v.Interface()); err != nil {
		*out = append(*out, problemAt(n, path, "%s", cleanDecodeError(err)))
	}
}

// yamlFields maps the YAML key of each field of struct t to its type.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = f.Type
	}
	return m
}

func knownKeys(fields map[string]reflect.Type) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// cleanDecodeError strips yaml.v3's "yaml: unmarshal errors:\n  line N:"
// decoration: the position is reported separately.
func cleanDecodeError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: unmarshal errors:\n")
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "line ") {
		if _, rest, ok := strings.Cut(s, ": "); ok {
			s = rest
		}
	}
	return s
}

func problemAt(n *yaml.Node, path, format string, args ...any) Problem {
	return Problem{Line: n.Line, Column: n.Column, Path: path, Message: fmt.Sprintf(format, args...)}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	default:
		return "something else"
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
