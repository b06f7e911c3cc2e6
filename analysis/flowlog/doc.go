// Package flowlog owns the record layout of VPC Flow Logs text: the field
// names AWS defines (versions 2 to 8 and the derived src-endpoint and
// dst-endpoint), a Layout (which field is where, which must be numeric),
// header lines (ParseHeader; Switch for one line and FindHeader for a
// chunk: a layout switch inside a source) and what may precede the first
// record (a byte order mark, a preamble). It reads no input and links
// nothing of the engine.
package flowlog
