package analysis

// Label says who is behind an address and where that came from.
type Label struct {
	Service string `json:"service"`
	// Source is one of: pkt-dst-aws-service (the record said so), ip-ranges
	// (AWS ip-ranges.json), vendor:NAME (a vendor range file), rdns
	// (reverse DNS), or empty when nothing matched.
	Source string `json:"source"`
}
