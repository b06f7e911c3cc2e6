package athena

import (
	"fmt"
	"regexp"
	"strings"
)

// catalogName is what Athena (Glue) accepts as a database or table name:
// letters, digits and underscores. Names are checked, never escaped into
// shape, so a user string cannot change the statement.
var catalogName = regexp.MustCompile(`^[A-Za-z0-9_]{1,255}$`)

// CheckName validates a database or table name.
func CheckName(kind, name string) error {
	if !catalogName.MatchString(name) {
		return fmt.Errorf("%s name %q: want 1-255 letters, digits or underscores", kind, name)
	}
	return nil
}

// ident quotes an identifier for Trino (DML): "end", "pkt_srcaddr".
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// hiveIdent quotes an identifier for Hive DDL: `end`.
func hiveIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// literal quotes a string literal for Trino and Hive: quotes are doubled,
// and control characters (which no flow log value contains) are refused
// by the callers that accept free text.
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// checkText rejects control characters in a user-supplied value that will
// be quoted into a statement.
func checkText(what, s string) error {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s %q: control characters are not allowed", what, s)
		}
	}
	return nil
}
