package analysis

import (
	"encoding/binary"
	"hash/maphash"
)

// batchSize is the size at which a parser hands the matched records of
// one shard to that shard's aggregator.
const batchSize = 128 << 10

// keySeed seeds group key hashes; every parser must use the same one so a
// key always lands in the same shard.
var keySeed = maphash.MakeSeed()

func hashKey(k []byte) uint64 { return maphash.Bytes(keySeed, k) }

// A group key is encoded as, per group field, a one-byte length (0 means
// absent) and the value's bytes. A batch record is the key's hash (8
// bytes), the key's length (2), the key, then packets, bytes, start and
// end as little-endian int64 (-1 = absent).

// appendKey encodes the record's group key into buf.
func appendKey(buf []byte, specs []groupSpec, r *lineRecord) []byte {
	for _, s := range specs {
		v := r.field(s.primary)
		if isAbsent(v) && s.fallback >= 0 {
			v = r.field(s.fallback)
		}
		if isAbsent(v) || len(v) > 255 {
			// Absent; a value over 255 bytes is no flow log value and is
			// grouped as absent rather than truncated.
			buf = append(buf, 0)
			continue
		}
		buf = append(buf, byte(len(v)))
		buf = append(buf, v...)
	}
	return buf
}

// keyValues decodes an encoded key into its values (Absent for absent).
func keyValues(k []byte, n int) []string {
	out := make([]string, 0, n)
	for len(k) > 0 {
		l := int(k[0])
		if l == 0 {
			out = append(out, Absent)
		} else {
			out = append(out, string(k[1:1+l]))
		}
		k = k[1+l:]
	}
	return out
}

// shardOf picks the shard of a key hash.
func shardOf(h uint64, shards int) int { return int((h >> 40) % uint64(shards)) }

// appendBatchRecord appends one matched record to a shard's batch: the
// key's hash, its length, the key zero-padded to whole 64-bit words, then
// packets, bytes, start and end.
func appendBatchRecord(buf []byte, h uint64, key []byte, packets, bytes, start, end int64) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, h)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(key)))
	buf = append(buf, key...)
	for pad := (8 - len(key)%8) % 8; pad > 0; pad-- {
		buf = append(buf, 0)
	}
	buf = binary.LittleEndian.AppendUint64(buf, uint64(packets))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(bytes))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(start))
	return binary.LittleEndian.AppendUint64(buf, uint64(end))
}

// prefetchGroup is how many batch records addBatch looks up ahead.
const prefetchGroup = 16

// addBatch folds a batch into a shard's table. The table is far larger
// than the CPU caches, so each lookup waits for memory twice (the slot,
// then the group record). Touching the slots and records of the next
// prefetchGroup records first, in loops whose loads do not depend on each
// other, lets the CPU fetch them in parallel; the adds then find them in
// cache.
func (t *groupTable) addBatch(buf []byte, kw []uint64) []uint64 {
	var offs [prefetchGroup]int
	for len(buf) > 0 {
		n := 0
		for p := 0; n < prefetchGroup && p < len(buf); n++ {
			offs[n] = p
			klen := int(binary.LittleEndian.Uint64(buf[p+8:]))
			p += 16 + 8*((klen+7)/8) + 32
		}
		t.touch(buf, offs[:n])
		end := len(buf)
		if n == prefetchGroup {
			end = offs[n-1]
			klen := int(binary.LittleEndian.Uint64(buf[end+8:]))
			end += 16 + 8*((klen+7)/8) + 32
		}
		kw = t.addRecords(buf[:end], kw)
		buf = buf[end:]
	}
	return kw
}

// touch loads the first slot and the group record each batch record at
// offs will look at, so that they are in cache when it does.
func (t *groupTable) touch(buf []byte, offs []int) {
	mask := uint64(len(t.slots) - 1)
	var slots [prefetchGroup]uint64
	for j, p := range offs {
		slots[j] = t.slots[binary.LittleEndian.Uint64(buf[p:])>>32&mask]
	}
	var sink uint64
	for _, s := range slots[:len(offs)] {
		if s != 0 {
			ref := uint32(s) - 1
			sink += t.arena[ref>>arenaPageBits][ref&(arenaPageWords-1)]
		}
	}
	t.sink += sink
}

// addRecords folds encoded batch records into the table.
func (t *groupTable) addRecords(buf []byte, kw []uint64) []uint64 {
	for len(buf) > 0 {
		h := binary.LittleEndian.Uint64(buf)
		klen := int(binary.LittleEndian.Uint64(buf[8:]))
		words := (klen + 7) / 8
		buf = buf[16:]
		kw = kw[:0]
		for i := range words {
			kw = append(kw, binary.LittleEndian.Uint64(buf[8*i:]))
		}
		buf = buf[8*words:]
		packets := int64(binary.LittleEndian.Uint64(buf))
		bytes := int64(binary.LittleEndian.Uint64(buf[8:]))
		start := int64(binary.LittleEndian.Uint64(buf[16:]))
		end := int64(binary.LittleEndian.Uint64(buf[24:]))
		buf = buf[32:]
		t.add(h, klen, kw, packets, bytes, start, end)
	}
	return kw
}
