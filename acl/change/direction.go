package change

import "fmt"

// Direction is the traffic a network ACL entry applies to. The zero value
// is no direction: every entry aclprobe reads or makes has one.
type Direction uint8

// The two directions of a network ACL.
const (
	// Ingress entries apply to traffic entering the associated subnets.
	Ingress Direction = iota + 1
	// Egress entries apply to traffic leaving the associated subnets.
	Egress
)

// DirectionOf is the direction of an entry whose EC2 Egress flag is egress.
func DirectionOf(egress bool) Direction {
	if egress {
		return Egress
	}
	return Ingress
}

// ParseDirection parses "egress" or "ingress".
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "egress":
		return Egress, nil
	case "ingress":
		return Ingress, nil
	}
	return 0, fmt.Errorf("direction %q: want egress or ingress", s)
}

// IsEgress is the EC2 API's Egress flag for the direction.
func (d Direction) IsEgress() bool { return d == Egress }

// String is "egress" or "ingress" ("direction(N)" for an invalid value).
func (d Direction) String() string {
	switch d {
	case Egress:
		return "egress"
	case Ingress:
		return "ingress"
	}
	return fmt.Sprintf("direction(%d)", uint8(d))
}

// MarshalText encodes the direction as its name, so that structured logs
// and JSON show "egress", not a number.
func (d Direction) MarshalText() ([]byte, error) {
	if d != Egress && d != Ingress {
		return nil, fmt.Errorf("invalid direction %d", uint8(d))
	}
	return []byte(d.String()), nil
}
