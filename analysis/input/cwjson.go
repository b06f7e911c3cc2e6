package input

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// cwEnvelope is what CloudWatch Logs hands out: a subscription filter's
// payload ({"logEvents": [...]}), the output of filter-log-events or
// get-log-events ({"events": [...]}), or a single event ({"message": ...}).
// A subscription payload whose messageType is CONTROL_MESSAGE is a health
// check CloudWatch Logs sends to every destination (Firehose delivers it
// with the data): its one event is text, not a record.
type cwEnvelope struct {
	MessageType string    `json:"messageType"`
	LogEvents   []cwEvent `json:"logEvents"`
	Events      []cwEvent `json:"events"`
	Message     *string   `json:"message"`
}

type cwEvent struct {
	Message string `json:"message"`
}

// cloudWatch reads CloudWatch Logs JSON: one or more envelopes (several
// are concatenated when a stream delivers them), or an array of them. Each
// message is one record in the default format, or in --fields when given.
func (sr *Reader) cloudWatch(ctx context.Context, idx int, name string, r io.Reader) error {
	dec := json.NewDecoder(r)
	w := sr.newLineWriter(ctx, idx, name, sr.Fields)
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: cloudwatch logs json: %w", name, err)
		}
		if err := cwValue(w, raw); err != nil {
			return fmt.Errorf("read %s: cloudwatch logs json: %w", name, err)
		}
	}
	return w.flush()
}

// cwValue writes the messages of one JSON value.
func cwValue(w *lineWriter, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		for _, it := range items {
			if err := cwValue(w, it); err != nil {
				return err
			}
		}
		return nil
	}
	var env cwEnvelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("want an object with logEvents, events or message: %w", err)
	}
	if env.MessageType == cwControlMessage {
		w.sr.Notes.ControlMessage()
		return nil
	}
	if env.Message != nil {
		if err := cwMessage(w, *env.Message); err != nil {
			return err
		}
	}
	for _, list := range [][]cwEvent{env.LogEvents, env.Events} {
		for _, e := range list {
			if err := cwMessage(w, e.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// cwControlMessage is the messageType of CloudWatch Logs' health checks.
const cwControlMessage = "CONTROL_MESSAGE"

// cwMessage writes one message as a line.
func cwMessage(w *lineWriter, msg string) error {
	buf, err := w.begin()
	if err != nil {
		return err
	}
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c == '\n' || c == '\r' {
			c = ' '
		}
		buf = append(buf, c)
	}
	return w.end(buf)
}
