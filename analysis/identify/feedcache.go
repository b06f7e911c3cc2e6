package identify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// CacheDirEnv overrides the default range cache directory.
const CacheDirEnv = "ACLPROBE_CACHE_DIR"

// StaleAfter is the age past which a cached feed is reported as stale.
const StaleAfter = 30 * 24 * time.Hour

// DefaultCacheDir returns where range feeds are cached: $ACLPROBE_CACHE_DIR,
// else aclprobe under the user cache directory ($XDG_CACHE_HOME, else
// ~/.cache on Linux; os.UserCacheDir).
func DefaultCacheDir() (string, error) {
	if d := os.Getenv(CacheDirEnv); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("range cache: %w (set %s or --cache-dir)", err, CacheDirEnv)
	}
	return filepath.Join(base, "aclprobe"), nil
}

// FeedMeta is what the cache records about one downloaded feed, next to
// its content (NAME.meta.json beside NAME.data).
type FeedMeta struct {
	Name         string     `json:"name"`
	Vendor       string     `json:"vendor,omitempty"`
	URL          string     `json:"url"`
	Format       FeedFormat `json:"format"`
	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
	FetchedAt    time.Time  `json:"fetched_at"` // last successful 200 or 304
	ChangedAt    time.Time  `json:"changed_at"` // last 200 that stored new content
	FeedDate     time.Time  `json:"feed_date,omitzero"`
	SHA256       string     `json:"sha256"`
	Bytes        int        `json:"bytes"`
	Prefixes     int        `json:"prefixes"`
}

// Feed returns the feed m describes.
func (m FeedMeta) Feed() Feed {
	return Feed{Name: m.Name, Vendor: m.Vendor, URL: m.URL, Format: m.Format}
}

// Age is how long ago the cache last confirmed the feed current (a 200
// or a 304). The feed's own date is not used: a vendor may leave an
// unchanged list undated for months.
func (m FeedMeta) Age(now time.Time) time.Duration { return now.Sub(m.FetchedAt) }

// Stale reports whether the cached ranges are older than StaleAfter.
func (m FeedMeta) Stale(now time.Time) bool { return m.Age(now) > StaleAfter }

func dataPath(dir, name string) string { return filepath.Join(dir, name+".data") }
func metaPath(dir, name string) string { return filepath.Join(dir, name+".meta.json") }

// checkFeedName rejects names that are not plain file names.
func checkFeedName(name string) error {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("feed name %q: want letters, digits, - or _", name)
	}
	return nil
}

// ReadCache returns the metadata of every feed cached in dir, by name.
// A missing directory is an empty cache, not an error.
func ReadCache(dir string) ([]FeedMeta, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.meta.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []FeedMeta
	for _, p := range paths {
		m, err := readMeta(p)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(dataPath(dir, m.Name)); err != nil {
			return nil, fmt.Errorf("range cache %s: %s: %w", dir, m.Name, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// readMeta reads one metadata file; a missing one is fs.ErrNotExist.
func readMeta(path string) (FeedMeta, error) {
	var m FeedMeta
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("range cache %s: %w", path, err)
	}
	if err := checkFeedName(m.Name); err != nil {
		return m, fmt.Errorf("range cache %s: %w", path, err)
	}
	return m, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see the old file or the new one.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func writeMeta(dir string, m FeedMeta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(metaPath(dir, m.Name), append(b, '\n'))
}

// loadCache adds every feed cached in dir to s and returns their
// metadata. A feed whose content no longer parses is an error naming it.
func (s *rangeSet) loadCache(dir string) ([]FeedMeta, error) {
	metas, err := ReadCache(dir)
	if err != nil {
		return nil, err
	}
	for _, m := range metas {
		data, err := os.ReadFile(dataPath(dir, m.Name))
		if err != nil {
			return nil, fmt.Errorf("range cache: %w", err)
		}
		p, err := ParseFeed(m.Format, data)
		if err != nil {
			return nil, fmt.Errorf("range cache %s: feed %s: %w (run aclprobe ranges update)", dir, m.Name, err)
		}
		s.addFeed(m.Feed(), p)
	}
	return metas, nil
}

// addFeed adds a parsed feed's prefixes: an AWS feed's as ip-ranges.json
// does (loadAWS), a vendor's as a vendor ranges file does (loadVendor).
func (s *rangeSet) addFeed(f Feed, p ParsedFeed) {
	for _, e := range p.Entries {
		if f.Format == FormatAWS {
			s.addAWSEntry(e)
		} else {
			s.addVendorEntry(f.Vendor, e)
		}
	}
}

func (s *rangeSet) addAWSEntry(e FeedEntry) {
	t := &s.specific
	if e.Section == amazonService {
		t = &s.amazon
	}
	info, ok := t.get(e.Prefix)
	switch {
	case !ok:
		info = &rangeInfo{region: e.Region}
		t.put(e.Prefix, info)
	case info.vendor != "":
		return // a vendor's label says more
	}
	info.addName(e.Section)
}

func (s *rangeSet) addVendorEntry(vendor string, e FeedEntry) {
	info, ok := s.specific.get(e.Prefix)
	if !ok || info.vendor != vendor {
		info = &rangeInfo{vendor: vendor}
		s.specific.put(e.Prefix, info)
	}
	info.addName(e.Section)
}

// isNotExist reports whether err says a file is missing.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Feeds returns the metadata of the cached feeds the identifier loaded
// (Options.CacheDir), by name; nil when it loaded none.
func (id *Identifier) Feeds() []FeedMeta { return id.feeds }
