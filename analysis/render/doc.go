// Package render prints what the engine returns: a Result as a table, CSV
// or JSON (Formats, the one list of output formats every command accepts)
// and its Coverage as the evidence lines on stderr. The aligned table
// writer is shared with the impact renderers.
package render
