package cwlogs

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestEnvelopeMessages(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		control bool
	}{
		{name: "subscription payload", in: `{"messageType":"DATA_MESSAGE","logEvents":[{"message":"a"},{"message":"b"}]}`, want: []string{"a", "b"}},
		{name: "filter-log-events output", in: `{"events":[{"message":"c"}]}`, want: []string{"c"}},
		{name: "single event", in: `{"message":"d"}`, want: []string{"d"}},
		{name: "control message", in: `{"messageType":"CONTROL_MESSAGE","logEvents":[{"message":"CWL CONTROL MESSAGE"}]}`, want: []string{"CWL CONTROL MESSAGE"}, control: true},
		{name: "no events", in: `{}`, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var env Envelope
			if err := json.Unmarshal([]byte(tt.in), &env); err != nil {
				t.Fatal(err)
			}
			if got := env.Messages(); !slices.Equal(got, tt.want) {
				t.Errorf("Messages() = %q, want %q", got, tt.want)
			}
			if got := env.IsControl(); got != tt.control {
				t.Errorf("IsControl() = %v, want %v", got, tt.control)
			}
		})
	}
}

func TestEachValue(t *testing.T) {
	stop := errors.New("stop")
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr error
	}{
		{name: "one object", in: ` {"a":1} `, want: []string{`{"a":1}`}},
		{name: "array in order", in: `[{"a":1},{"b":2}]`, want: []string{`{"a":1}`, `{"b":2}`}},
		{name: "nested arrays flattened", in: `[[{"a":1}],{"b":2}]`, want: []string{`{"a":1}`, `{"b":2}`}},
		{name: "stops at the first error", in: `[{"stop":1},{"b":2}]`, want: []string{`{"stop":1}`}, wantErr: stop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := EachValue(json.RawMessage(tt.in), func(raw json.RawMessage) error {
				got = append(got, string(raw))
				if string(raw) == `{"stop":1}` {
					return stop
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("values %q, want %q", got, tt.want)
			}
		})
	}
}
