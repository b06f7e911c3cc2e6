package analysis

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"net/netip"
	"slices"
	"sync"

	"github.com/aclprobe/aclprobe/analysis/spill"
	"github.com/aclprobe/aclprobe/internal/humanize"
)

// batchSize is the size at which a parser hands the matched records of
// one shard to that shard's aggregator.
const batchSize = 128 << 10

// keySeed seeds group key hashes; every parser must use the same one so a
// key always lands in the same shard.
var keySeed = maphash.MakeSeed()

func hashKey(k []byte) uint64 { return maphash.Bytes(keySeed, k) }

// A group key is encoded as, per group field, a one-byte tag and the
// value: tag 0 is an absent value (nothing follows), tag ipv4Tag a
// canonical dotted-quad IPv4 address as 4 bytes big-endian (the NAT
// query's four address fields then take 20 bytes, not about 50: groups
// are about a third smaller), and any other tag is the length of the
// value's bytes that follow. Canonical text and its 4 bytes map one to
// one (parseIPv4 refuses leading zeros), so a value has one encoding and
// equal keys are equal bytes. A batch record is the key's hash (8
// bytes), the key's length (2), the key, then packets, bytes, start and
// end as little-endian int64 (-1 = absent).

// ipv4Tag marks a value encoded as an IPv4 address; a text value is at
// most ipv4Tag-1 bytes long.
const ipv4Tag = 255

// appendKey encodes the record's group key into buf.
func appendKey(buf []byte, specs []groupSpec, r *lineRecord) []byte {
	for _, s := range specs {
		v := r.field(s.primary)
		if isAbsent(v) && s.fallback >= 0 {
			v = r.field(s.fallback)
		}
		if isAbsent(v) || len(v) >= ipv4Tag {
			// Absent; a value of 255 bytes or more is no flow log value
			// and is grouped as absent rather than truncated.
			buf = append(buf, 0)
			continue
		}
		if ip, ok := parseIPv4(v); ok {
			buf = binary.BigEndian.AppendUint32(append(buf, ipv4Tag), ip)
			continue
		}
		buf = append(buf, byte(len(v)))
		buf = append(buf, v...)
	}
	return buf
}

// nextValue splits the first value off encoded key k: its text (an IPv4
// address rendered into scratch), whether it is absent, and the rest.
func nextValue(k, scratch []byte) (v []byte, absent bool, rest []byte) {
	switch l := int(k[0]); l {
	case 0:
		return nil, true, k[1:]
	case ipv4Tag:
		return netip.AddrFrom4([4]byte(k[1:5])).AppendTo(scratch[:0]), false, k[5:]
	default:
		return k[1 : 1+l], false, k[1+l:]
	}
}

// keyValues decodes an encoded key into its values (Absent for absent).
func keyValues(k []byte, n int) []string {
	out := make([]string, 0, n)
	var scratch [15]byte
	for len(k) > 0 {
		v, absent, rest := nextValue(k, scratch[:])
		if absent {
			out = append(out, Absent)
		} else {
			out = append(out, string(v))
		}
		k = rest
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

// spiller keeps the group tables under the memory budget: a shard whose
// table outgrows its share writes its groups, partitioned by key hash, to
// temporary files and starts again empty; at the end each partition is
// finished in memory alone (split again when it would still not fit).
type spiller struct {
	tables  int64 // budget of all group tables, bytes
	shard   int64 // budget of one shard's table
	tempDir string
	log     io.Writer

	mu  sync.Mutex // guards dir and set while they are created
	dir *spill.Dir
	set *spill.Set
}

func newSpiller(memory int64, shards int, tempDir string, log io.Writer) *spiller {
	if memory >= 2*programMemory {
		memory -= programMemory
	}
	tables := max(memory/tableShare, 1)
	return &spiller{tables: tables, shard: max(tables/int64(shards), 1), tempDir: tempDir, log: log}
}

// tableShare: the group tables get 1/tableShare of the memory budget
// left after programMemory; the rest is for chunks, batches, the runtime
// and the garbage collector.
const tableShare = 2

// programMemory is what the program takes whatever the query (its code,
// the runtime, readers' buffers, mapped input): about 24 MiB resident.
// Budgets under twice that are split as they are (tests use tiny ones).
const programMemory = 24 << 20

// spilled reports whether any table was spilled.
func (sp *spiller) spilled() bool { return sp.set != nil }

// close removes every temporary file.
func (sp *spiller) close() {
	if sp.set != nil {
		sp.set.Remove()
	}
	sp.dir.Close()
}

// maybeSpill spills t when it is over its share of the budget.
func (sp *spiller) maybeSpill(t *groupTable) error {
	if t.memBytes() <= sp.shard {
		return nil
	}
	return sp.spillTable(t, "over its "+humanize.Bytes(sp.shard)+" share of --memory")
}

// spillTable writes t's groups to the level-0 partitions and empties t.
func (sp *spiller) spillTable(t *groupTable, why string) error {
	sp.mu.Lock()
	if sp.set == nil {
		d, err := spill.NewDir(sp.tempDir)
		if err != nil {
			sp.mu.Unlock()
			return err
		}
		if sp.set, err = spill.NewSet(d, 0); err != nil {
			d.Close()
			sp.mu.Unlock()
			return err
		}
		sp.dir = d
	}
	sp.set.Lock()
	sp.mu.Unlock()
	defer sp.set.Unlock()
	before, groups, mem := sp.set.Bytes(), t.n, t.memBytes()
	var key []byte
	err := t.each(func(g []uint64) error {
		key = appendGroupKey(key[:0], g)
		return sp.set.AddLocked(hashKey(key), recordOf(g, key))
	})
	if err != nil {
		return err
	}
	if sp.log != nil {
		fmt.Fprintf(sp.log, "spill: table of %d groups (%s) %s: wrote %s to %d partitions in %s\n",
			groups, humanize.Bytes(mem), why, humanize.Bytes(sp.set.Bytes()-before), spill.Fanout, sp.dir.Path())
	}
	t.reset()
	return nil
}

// recordOf returns group g (with encoded key) as a spill record.
func recordOf(g []uint64, key []byte) spill.Record {
	return spill.Record{Key: key, Flows: flowsOf(g), Packets: g[gPackets], Bytes: g[gBytes],
		First: int64(g[gFirst]), Last: int64(g[gLast])}
}

// finish spills what the tables still hold, then finishes every partition
// and returns the best top groups (all when top <= 0) in rank order.
func (sp *spiller) finish(ctx context.Context, tables []*groupTable, width int, sortKey string, top int) ([]Row, error) {
	for _, t := range tables {
		if err := sp.spillTable(t, "left at the end of the input"); err != nil {
			return nil, err
		}
	}
	clear(tables) // the tables' memory is the partitions' now
	rk := newRanker(nil, width, sortKey)
	best := &recordHeap{metric: rk.metric, n: top}
	if err := sp.finishSet(ctx, sp.set, rk, best); err != nil {
		return nil, err
	}
	slices.SortFunc(best.recs, best.compare)
	rows := make([]Row, len(best.recs))
	for i, r := range best.recs {
		rows[i] = Row{Keys: keyValues(r.Key, width), Flows: int64(r.Flows), Packets: int64(r.Packets), Bytes: int64(r.Bytes),
			First: unixTime(r.First), Last: unixTime(r.Last)}
	}
	return rows, nil
}

// finishSet finishes the partitions of set one by one, offering their
// groups to best; a partition whose table would outgrow the budget is
// split into the next level's partitions first.
func (sp *spiller) finishSet(ctx context.Context, set *spill.Set, rk *ranker, best *recordHeap) error {
	if err := set.Finish(); err != nil {
		return err
	}
	for i := range spill.Fanout {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		size := set.Size(i)
		if size == 0 {
			set.Drop(i)
			continue
		}
		if loadedBytes(size) > sp.tables && set.Level() < spill.MaxLevel {
			if err := sp.split(ctx, set, i, rk, best); err != nil {
				return err
			}
			continue
		}
		t, err := loadPartition(ctx, set, i)
		if err != nil {
			return err
		}
		set.Drop(i)
		if err := offerTable(t, rk, best); err != nil {
			return err
		}
	}
	return nil
}

// loadedBytes estimates the table a partition of size bytes loads into:
// an in-memory group takes about twice its spilled size.
func loadedBytes(size int64) int64 { return 2 * size }

// split re-partitions partition i of set by the next level's hash bits
// and finishes the new partitions.
func (sp *spiller) split(ctx context.Context, set *spill.Set, i int, rk *ranker, best *recordHeap) error {
	sub, err := spill.NewSet(sp.dir, set.Level()+1)
	if err != nil {
		return err
	}
	defer sub.Remove()
	if sp.log != nil {
		fmt.Fprintf(sp.log, "spill: partition of %s at level %d over the budget: splitting it into %d\n",
			humanize.Bytes(set.Size(i)), set.Level(), spill.Fanout)
	}
	err = readPartition(ctx, set, i, func(h uint64, r spill.Record) error { return sub.AddLocked(h, r) })
	set.Drop(i)
	if err != nil {
		return err
	}
	return sp.finishSet(ctx, sub, rk, best)
}

// readPartition calls fn with every record of partition i and its hash.
func readPartition(ctx context.Context, set *spill.Set, i int, fn func(uint64, spill.Record) error) error {
	rd, err := set.Open(i)
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return context.Cause(ctx)
		}
		r, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(hashKey(r.Key), r); err != nil {
			return err
		}
	}
}

// loadPartition merges the partial groups of partition i into one table.
func loadPartition(ctx context.Context, set *spill.Set, i int) (*groupTable, error) {
	t := newGroupTable(int(set.Size(i) / 64))
	// Small partitions get small arena pages (a record is no larger in
	// memory than about twice its spilled form).
	t.page = int(min(arenaPageWords, max(1<<10, set.Size(i)/4)))
	var kw []uint64
	err := readPartition(ctx, set, i, func(h uint64, r spill.Record) error {
		kw = keyWords(kw[:0], r.Key)
		g := t.find(h, len(r.Key), kw)
		merged := recordOf(g, nil)
		merged.Merge(r)
		g[gFlows] = merged.Flows<<keyLenBits | uint64(len(r.Key))
		g[gPackets], g[gBytes] = merged.Packets, merged.Bytes
		g[gFirst], g[gLast] = uint64(merged.First), uint64(merged.Last)
		return nil
	})
	return t, err
}

// keyWords packs an encoded key into little-endian words, zero-padded.
func keyWords(kw []uint64, key []byte) []uint64 {
	for i := 0; i < len(key); i += 8 {
		var w uint64
		for j := min(i+8, len(key)) - 1; j >= i; j-- {
			w = w<<8 | uint64(key[j])
		}
		kw = append(kw, w)
	}
	return kw
}

// offerTable offers the best groups of one finished partition to best.
func offerTable(t *groupTable, rk *ranker, best *recordHeap) error {
	prk := &ranker{tables: []*groupTable{t}, width: rk.width, metric: rk.metric}
	for _, ref := range prk.top(best.n) {
		g := prk.get(ref)
		best.offer(recordOf(g, appendGroupKey(nil, g)))
	}
	return nil
}
