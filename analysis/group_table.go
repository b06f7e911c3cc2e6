package analysis

import "bytes"

// groupAgg holds one group's metrics and where its key is stored. first
// and last are Unix seconds, -1 when no record of the group had a time.
type groupAgg struct {
	key                   uint32 // arena reference of the encoded key
	klen                  uint32
	flows, packets, bytes int64
	first, last           int64
}

// add folds one record into the group; absent metrics (-1) add nothing.
func (g *groupAgg) add(packets, bytes, start, end int64) {
	g.flows++
	if packets > 0 {
		g.packets += packets
	}
	if bytes > 0 {
		g.bytes += bytes
	}
	if start >= 0 && (g.first < 0 || start < g.first) {
		g.first = start
	}
	if end >= 0 && end > g.last {
		g.last = end
	}
}

// Storage is paged so that growing never copies, and never leaves a large
// dead array behind for the GC: memory stays close to what the groups
// need (about 60 bytes of key, 48 of metrics and 16 of slots each).
const (
	arenaPageBits = 20 // 1 MiB of keys per page
	groupPageBits = 13 // 8192 groups per page
)

// groupTable maps encoded group keys (see batch) to their metrics: an
// open-addressing hash table with linear probing over slots that hold the
// key's hash tag and the group's index, keys in a paged byte arena.
type groupTable struct {
	slots  []uint64 // hash>>32 << 32 | group index+1; 0 is empty
	groups [][]groupAgg
	n      int
	arena  [][]byte
}

func newGroupTable() *groupTable {
	return &groupTable{slots: make([]uint64, 1024)}
}

// len returns the number of groups.
func (t *groupTable) len() int { return t.n }

// group returns group g.
func (t *groupTable) group(g int) *groupAgg {
	return &t.groups[g>>groupPageBits][g&(1<<groupPageBits-1)]
}

// key returns the encoded key of group g.
func (t *groupTable) key(g *groupAgg) []byte {
	page := t.arena[g.key>>arenaPageBits]
	off := g.key & (1<<arenaPageBits - 1)
	return page[off : off+g.klen]
}

// get returns the group with encoded key k (hash h), adding it when new.
func (t *groupTable) get(h uint64, k []byte) *groupAgg {
	tag := h >> 32
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			if 2*(t.n+1) > len(t.slots) {
				t.grow()
				return t.get(h, k)
			}
			g := t.insert(k)
			t.slots[i] = tag<<32 | uint64(t.n)
			return g
		}
		if s>>32 == tag {
			if g := t.group(int(s&0xffffffff) - 1); bytes.Equal(t.key(g), k) {
				return g
			}
		}
	}
}

// insert appends a new group with key k.
func (t *groupTable) insert(k []byte) *groupAgg {
	if t.n>>groupPageBits == len(t.groups) {
		t.groups = append(t.groups, make([]groupAgg, 1<<groupPageBits))
	}
	g := t.group(t.n)
	t.n++
	last := len(t.arena) - 1
	if last < 0 || len(t.arena[last])+len(k) > cap(t.arena[last]) {
		t.arena = append(t.arena, make([]byte, 0, max(1<<arenaPageBits, len(k))))
		last++
	}
	page := t.arena[last]
	*g = groupAgg{key: uint32(last)<<arenaPageBits | uint32(len(page)), klen: uint32(len(k)), first: -1, last: -1}
	t.arena[last] = append(page, k...)
	return g
}

// grow doubles the slots and re-inserts every group.
func (t *groupTable) grow() {
	slots := make([]uint64, 2*len(t.slots))
	mask := uint64(len(slots) - 1)
	for _, s := range t.slots {
		if s == 0 {
			continue
		}
		g := t.group(int(s&0xffffffff) - 1)
		i := hashKey(t.key(g)) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = s
	}
	t.slots = slots
}
