// Package cwlogs owns the JSON wrappers CloudWatch Logs puts around log
// events, shared by the flow log reader (analysis/input) and the DNS query
// log reader (analysis/dnslog): what a wrapper looks like, which messages
// it carries, and which wrappers are health checks rather than data.
package cwlogs

import (
	"bytes"
	"encoding/json"
)

// ControlMessage is the messageType of CloudWatch Logs' health checks.
const ControlMessage = "CONTROL_MESSAGE"

// Envelope is what CloudWatch Logs hands out: a subscription filter's
// payload ({"logEvents": [...]}), the output of filter-log-events or
// get-log-events ({"events": [...]}), or a single event ({"message": ...}).
// A subscription payload whose messageType is CONTROL_MESSAGE is a health
// check CloudWatch Logs sends to every destination (Firehose delivers it
// with the data): its one event is text, not a record.
type Envelope struct {
	MessageType string  `json:"messageType"`
	LogEvents   []Event `json:"logEvents"`
	Events      []Event `json:"events"`
	Message     *string `json:"message"`
}

// Event is one log event of an Envelope.
type Event struct {
	Message string `json:"message"`
}

// IsControl reports whether e is a health check (no data in it).
func (e *Envelope) IsControl() bool { return e.MessageType == ControlMessage }

// Messages returns e's messages in order: the single event's message,
// then logEvents, then events.
func (e *Envelope) Messages() []string {
	var out []string
	if e.Message != nil {
		out = append(out, *e.Message)
	}
	for _, list := range [][]Event{e.LogEvents, e.Events} {
		for _, ev := range list {
			out = append(out, ev.Message)
		}
	}
	return out
}

// EachValue calls fn with raw, or, when raw is a JSON array, with each of
// its elements in order (arrays inside arrays are flattened the same way).
// It stops at the first error.
func EachValue(raw json.RawMessage, fn func(json.RawMessage) error) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return fn(raw)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	for _, it := range items {
		if err := EachValue(it, fn); err != nil {
			return err
		}
	}
	return nil
}
