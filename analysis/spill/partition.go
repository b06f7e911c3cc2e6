package spill

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Fanout is how many partitions one level splits into; a level uses
// FanoutBits bits of the key hash, the first level the lowest ones.
const (
	FanoutBits = 6
	Fanout     = 1 << FanoutBits
)

// MaxLevel is the deepest level a partition may be split to; deeper, a
// partition is finished in memory whatever its size (all of its keys then
// share 30 hash bits, so splitting further cannot help).
const MaxLevel = 4

// Index returns the partition of hash h at level.
func Index(h uint64, level int) int {
	return int(h >> (FanoutBits * level) & (Fanout - 1))
}

// Dir is a private temporary directory for one aggregation's partitions.
type Dir struct {
	path string
	seq  int
	mu   sync.Mutex
}

// NewDir creates a directory under parent (os.TempDir() when empty).
func NewDir(parent string) (*Dir, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	p, err := os.MkdirTemp(parent, "aclprobe-spill-")
	if err != nil {
		return nil, fmt.Errorf("spill: temp dir: %w", err)
	}
	return &Dir{path: p}, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// Close removes the directory and every file in it; it may be called more
// than once.
func (d *Dir) Close() error {
	if d == nil || d.path == "" {
		return nil
	}
	err := os.RemoveAll(d.path)
	d.path = ""
	return err
}

func (d *Dir) name(level int) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seq++
	return filepath.Join(d.path, fmt.Sprintf("l%d-%06d", level, d.seq))
}

// Set is Fanout partition files of one level, written concurrently by
// several goroutines (Add serialises them).
type Set struct {
	level int
	files [Fanout]*os.File
	bufs  [Fanout]*bufio.Writer
	sizes [Fanout]int64
	rec   []byte
	mu    sync.Mutex
}

// NewSet creates the partition files of a level in d.
func NewSet(d *Dir, level int) (*Set, error) {
	s := &Set{level: level}
	for i := range s.files {
		f, err := os.Create(d.name(level))
		if err != nil {
			s.Remove()
			return nil, fmt.Errorf("spill: %w", err)
		}
		s.files[i], s.bufs[i] = f, bufio.NewWriterSize(f, 16<<10)
	}
	return s, nil
}

// Level returns the level the set partitions by.
func (s *Set) Level() int { return s.level }

// Lock starts a run of AddLocked calls by one goroutine.
func (s *Set) Lock() { s.mu.Lock() }

// Unlock ends a run of AddLocked calls.
func (s *Set) Unlock() { s.mu.Unlock() }

// AddLocked writes r, whose key hashes to h, to its partition; the caller
// holds the lock.
func (s *Set) AddLocked(h uint64, r Record) error {
	i := Index(h, s.level)
	s.rec = AppendRecord(s.rec[:0], r)
	s.sizes[i] += int64(len(s.rec))
	if _, err := s.bufs[i].Write(s.rec); err != nil {
		return fmt.Errorf("spill: write: %w", err)
	}
	return nil
}

// Bytes returns how many bytes have been written in all partitions.
func (s *Set) Bytes() int64 {
	var n int64
	for _, z := range s.sizes {
		n += z
	}
	return n
}

// Size returns the bytes written in partition i.
func (s *Set) Size(i int) int64 { return s.sizes[i] }

// Finish flushes every partition, so they can be read.
func (s *Set) Finish() error {
	for _, b := range s.bufs {
		if err := b.Flush(); err != nil {
			return fmt.Errorf("spill: flush: %w", err)
		}
	}
	return nil
}

// Open returns a reader of partition i from its start.
func (s *Set) Open(i int) (*Reader, error) {
	if _, err := s.files[i].Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	return NewReader(s.files[i]), nil
}

// Drop closes and deletes partition i once it has been read.
func (s *Set) Drop(i int) {
	if f := s.files[i]; f != nil {
		f.Close()
		os.Remove(f.Name())
		s.files[i], s.bufs[i] = nil, nil
	}
}

// Remove closes and deletes every partition file.
func (s *Set) Remove() {
	for i := range s.files {
		s.Drop(i)
	}
}
