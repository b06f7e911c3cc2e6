package spill

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Record is one partial group: its encoded key and counters. First and
// Last are Unix seconds, -1 when absent. Merging two records of one key
// adds the counts and keeps the earliest First and the latest Last.
type Record struct {
	Key     []byte
	Flows   uint64
	Packets uint64
	Bytes   uint64
	First   int64
	Last    int64
}

// Merge folds o (a record of the same key) into r.
func (r *Record) Merge(o Record) {
	r.Flows += o.Flows
	r.Packets += o.Packets
	r.Bytes += o.Bytes
	if o.First >= 0 && (r.First < 0 || o.First < r.First) {
		r.First = o.First
	}
	if o.Last > r.Last {
		r.Last = o.Last
	}
}

// counters is the size of a record's fixed part: five 64-bit words.
const counters = 5 * 8

// maxKey bounds a key's length on reading, so a corrupt file is an error
// rather than a huge allocation.
const maxKey = 64 << 10

// AppendRecord appends r's encoding to b: the key's length as a uvarint,
// the key, then flows, packets, bytes, first and last as little-endian
// 64-bit words.
func AppendRecord(b []byte, r Record) []byte {
	b = binary.AppendUvarint(b, uint64(len(r.Key)))
	b = append(b, r.Key...)
	b = binary.LittleEndian.AppendUint64(b, r.Flows)
	b = binary.LittleEndian.AppendUint64(b, r.Packets)
	b = binary.LittleEndian.AppendUint64(b, r.Bytes)
	b = binary.LittleEndian.AppendUint64(b, uint64(r.First))
	return binary.LittleEndian.AppendUint64(b, uint64(r.Last))
}

// Reader decodes the records of one partition file in order.
type Reader struct {
	br  *bufio.Reader
	key []byte
	fix [counters]byte
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// ErrCorrupt is returned (wrapped) for a record that cannot be decoded.
var ErrCorrupt = errors.New("spill: corrupt record")

// Next returns the next record, or io.EOF after the last one. The
// record's Key is only valid until the next call.
func (r *Reader) Next() (Record, error) {
	n, err := binary.ReadUvarint(r.br)
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil || n > maxKey {
		return Record{}, fmt.Errorf("%w: key length", ErrCorrupt)
	}
	r.key = append(r.key[:0], make([]byte, n)...)
	if _, err := io.ReadFull(r.br, r.key); err != nil {
		return Record{}, fmt.Errorf("%w: key: %v", ErrCorrupt, err)
	}
	if _, err := io.ReadFull(r.br, r.fix[:]); err != nil {
		return Record{}, fmt.Errorf("%w: counters: %v", ErrCorrupt, err)
	}
	le := binary.LittleEndian
	return Record{Key: r.key, Flows: le.Uint64(r.fix[0:]), Packets: le.Uint64(r.fix[8:]),
		Bytes: le.Uint64(r.fix[16:]), First: int64(le.Uint64(r.fix[24:])), Last: int64(le.Uint64(r.fix[32:]))}, nil
}
