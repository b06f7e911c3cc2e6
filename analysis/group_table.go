package analysis

// A group lives in the table's arena as one record of 64-bit words:
//
//	flows<<16 | key length in bytes, packets, bytes, first, last, key words...
//
// first and last are Unix seconds, -1 when no record of the group had a
// time. The key (see appendKey) is packed little-endian into words and
// zero-padded, so comparing keys compares words, and a lookup touches two
// places: the slot and the record, whose metrics and key are adjacent.
const (
	gFlows = iota // and the key length, in the low keyLenBits bits
	gPackets
	gBytes
	gFirst
	gLast
	gHeader // words before the key
)

// keyLenBits is how many low bits of a record's first word hold the key
// length (a key is at most 256 bytes per field, and a query lists each of
// the 30-odd fields at most once: under 9 KiB); the flow count is in the
// bits above, so a group costs one word less.
const keyLenBits = 16

// keyLen returns the key length of a record starting with word w.
func keyLen(w uint64) int { return int(w & (1<<keyLenBits - 1)) }

// flowsOf returns the flow count of record g.
func flowsOf(g []uint64) uint64 { return g[gFlows] >> keyLenBits }

// arenaPageWords is the size of one arena page (4 MiB): the arena grows
// page by page, so growing never copies and never leaves a large dead
// array behind for the GC.
const arenaPageBits = 19
const arenaPageWords = 1 << arenaPageBits

// groupTable maps encoded group keys to their metrics: open addressing
// with linear probing over slots holding the key hash's high 32 bits and
// the record's arena reference (page<<arenaPageBits | word offset) + 1.
// The slots are at most three quarters full: a probe mostly stays in one
// cache line of eight slots, and the slots are a third smaller than at
// half full. About 85 bytes per group for the NAT query's six fields
// (its four addresses are 5 bytes each in the key, see appendKey).
type groupTable struct {
	slots []uint64
	n     int
	arena [][]uint64
	spare [][]uint64 // pages kept by reset
	page  int        // words per new page; 0 means arenaPageWords
	sink  uint64     // keeps touch's loads from being optimised away
}

// Table sizes in slots: the smallest, and the largest a size hint may
// ask for (8 MiB of slots).
const (
	minTableSlots  = 1 << 10
	maxHintedSlots = 1 << 20
)

// newGroupTable returns a table with room for about groups groups
// before it first grows: growing rehashes every slot, with a cache miss
// each, and is wasted work when the final size could be guessed.
func newGroupTable(groups int) *groupTable {
	slots := minTableSlots
	for slots < maxHintedSlots && 3*slots < 4*groups {
		slots *= 2
	}
	return &groupTable{slots: make([]uint64, slots)}
}

// record returns the words of the group at arena reference ref.
func (t *groupTable) record(ref uint32) []uint64 {
	page := t.arena[ref>>arenaPageBits]
	off := ref & (arenaPageWords - 1)
	kw := (keyLen(page[off]) + 7) / 8
	return page[off : int(off)+gHeader+kw]
}

// appendGroupKey appends the group's encoded key to b.
func appendGroupKey(b []byte, rec []uint64) []byte {
	n := len(b) + keyLen(rec[0])
	for _, w := range rec[gHeader:] {
		b = append(b, byte(w), byte(w>>8), byte(w>>16), byte(w>>24), byte(w>>32), byte(w>>40), byte(w>>48), byte(w>>56))
	}
	return b[:n]
}

// add folds one record into the group with key words kw (klen bytes) and
// hash h, creating the group when new.
func (t *groupTable) add(h uint64, klen int, kw []uint64, packets, bytes, start, end int64) {
	foldRecord(t.find(h, klen, kw), packets, bytes, start, end)
}

// find returns the record of the group with key words kw (klen bytes) and
// hash h, creating an empty one when new.
func (t *groupTable) find(h uint64, klen int, kw []uint64) []uint64 {
	tag := h >> 32
	mask := uint64(len(t.slots) - 1)
	for i := tag & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			if 4*(t.n+1) > 3*len(t.slots) {
				t.grow()
				return t.find(h, klen, kw)
			}
			ref := t.insert(klen, kw)
			t.slots[i] = tag<<32 | uint64(ref+1)
			return t.record(ref)
		}
		if s>>32 != tag {
			continue
		}
		if rec := t.record(uint32(s) - 1); keyLen(rec[0]) == klen && equalWords(rec[gHeader:], kw) {
			return rec
		}
	}
}

func equalWords(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// foldRecord adds one flow record to a group; absent metrics (-1) add
// nothing.
func foldRecord(g []uint64, packets, bytes, start, end int64) {
	g[gFlows] += 1 << keyLenBits
	if packets > 0 {
		g[gPackets] += uint64(packets)
	}
	if bytes > 0 {
		g[gBytes] += uint64(bytes)
	}
	if first := int64(g[gFirst]); start >= 0 && (first < 0 || start < first) {
		g[gFirst] = uint64(start)
	}
	if end >= 0 && end > int64(g[gLast]) {
		g[gLast] = uint64(end)
	}
}

// insert appends a new group record and returns its arena reference.
func (t *groupTable) insert(klen int, kw []uint64) uint32 {
	size := gHeader + len(kw)
	last := len(t.arena) - 1
	if last < 0 || len(t.arena[last])+size > cap(t.arena[last]) {
		t.arena = append(t.arena, t.newPage())
		last++
	}
	page := t.arena[last]
	off := len(page)
	page = append(page, uint64(klen), 0, 0, ^uint64(0), ^uint64(0))
	t.arena[last] = append(page, kw...)
	t.n++
	return uint32(last)<<arenaPageBits | uint32(off)
}

// newPage returns an empty arena page, one that reset kept if any.
func (t *groupTable) newPage() []uint64 {
	if n := len(t.spare); n > 0 {
		p := t.spare[n-1]
		t.spare = t.spare[:n-1]
		return p[:0]
	}
	if t.page > 0 {
		return make([]uint64, 0, t.page)
	}
	return make([]uint64, 0, arenaPageWords)
}

// memBytes estimates the table's memory: its slots and the arena pages in
// use. Pages kept by reset are not counted: they are reused before any
// new page is made, so the pages held never exceed the most in use.
func (t *groupTable) memBytes() int64 {
	n := int64(len(t.slots))
	for _, p := range t.arena {
		n += int64(cap(p))
	}
	return 8 * n
}

// reset empties the table, keeping its slots and pages for reuse.
func (t *groupTable) reset() {
	clear(t.slots)
	t.n = 0
	t.spare = append(t.spare, t.arena...)
	t.arena = t.arena[:0]
}

// each calls fn with every group's record, in arena order.
func (t *groupTable) each(fn func(rec []uint64) error) error {
	for _, page := range t.arena {
		for off := 0; off < len(page); {
			g := page[off : off+gHeader+(keyLen(page[off])+7)/8]
			off += len(g)
			if err := fn(g); err != nil {
				return err
			}
		}
	}
	return nil
}

// grow doubles the slots; the tag in each slot is the position hash, so
// nothing is rehashed.
func (t *groupTable) grow() {
	slots := make([]uint64, 2*len(t.slots))
	mask := uint64(len(slots) - 1)
	for _, s := range t.slots {
		if s == 0 {
			continue
		}
		i := (s >> 32) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = s
	}
	t.slots = slots
}

// refs returns the arena references of every group.
func (t *groupTable) refs() []uint32 {
	out := make([]uint32, 0, t.n)
	for _, s := range t.slots {
		if s != 0 {
			out = append(out, uint32(s)-1)
		}
	}
	return out
}
