package input

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aclprobe/aclprobe/analysis/cwlogs"
)

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

// cwValue writes the messages of one JSON value (an envelope or an array
// of them).
func cwValue(w *lineWriter, raw json.RawMessage) error {
	return cwlogs.EachValue(raw, func(raw json.RawMessage) error {
		var env cwlogs.Envelope
		if err := json.Unmarshal(raw, &env); err != nil {
			return fmt.Errorf("want an object with logEvents, events or message: %w", err)
		}
		if env.IsControl() {
			w.sr.Notes.ControlMessage()
			return nil
		}
		for _, msg := range env.Messages() {
			if err := cwMessage(w, msg); err != nil {
				return err
			}
		}
		return nil
	})
}

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
