package identify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// maxFeedBytes bounds one download; the largest feed (Google's, AWS's) is
// a few MiB.
const maxFeedBytes = 64 << 20

// UpdateStatus says what one feed's update did.
type UpdateStatus string

// The outcomes of updating one feed.
const (
	StatusUpdated     UpdateStatus = "updated"      // new content stored
	StatusUnchanged   UpdateStatus = "unchanged"    // 200 with the cached content
	StatusNotModified UpdateStatus = "not-modified" // 304: the cache is current
	StatusFailed      UpdateStatus = "failed"       // the old cache, if any, is kept
)

// UpdateResult is the outcome of updating one feed.
type UpdateResult struct {
	Feed   Feed
	Status UpdateStatus
	Meta   FeedMeta // the cache's metadata after the update (zero when none)
	Err    error    // set when Status is StatusFailed
}

// Updater downloads feeds into a cache directory.
type Updater struct {
	Dir    string
	Client *http.Client // nil means http.DefaultClient
	// Timeout bounds each feed's request and download; zero means none
	// beyond the context's.
	Timeout time.Duration
	Now     func() time.Time // nil means time.Now
}

// Update fetches every feed in order with a conditional GET (the cached
// ETag as If-None-Match, its Last-Modified as If-Modified-Since). A 304
// keeps the content and records the fetch time; a 200 that parses is
// written atomically (temporary file and rename) before its metadata. A
// feed that fails (transport error, HTTP error, content that does not
// parse, timeout) leaves its cache as it was; the others still update.
func (u *Updater) Update(ctx context.Context, feeds []Feed) ([]UpdateResult, error) {
	if err := os.MkdirAll(u.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("range cache: %w", err)
	}
	out := make([]UpdateResult, 0, len(feeds))
	for _, f := range feeds {
		r := UpdateResult{Feed: f}
		r.Status, r.Meta, r.Err = u.updateOne(ctx, f)
		if r.Err != nil {
			r.Status = StatusFailed
			r.Err = fmt.Errorf("feed %s (%s): %w", f.Name, f.URL, r.Err)
		}
		out = append(out, r)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

func (u *Updater) now() time.Time {
	if u.Now != nil {
		return u.Now().UTC()
	}
	return time.Now().UTC()
}

// updateOne updates one feed; on error the returned meta is the old one.
func (u *Updater) updateOne(ctx context.Context, f Feed) (UpdateStatus, FeedMeta, error) {
	if err := checkFeedName(f.Name); err != nil {
		return "", FeedMeta{}, err
	}
	old, err := readMeta(metaPath(u.Dir, f.Name))
	hasOld := err == nil
	if err != nil && !isNotExist(err) {
		return "", FeedMeta{}, err
	}
	if hasOld && old.URL != f.URL {
		hasOld = false // another URL: its validators mean nothing here
	}
	if hasOld {
		if _, err := os.Stat(dataPath(u.Dir, f.Name)); err != nil {
			hasOld = false
		}
	}
	if u.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, u.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return "", old, err
	}
	req.Header.Set("User-Agent", "aclprobe-ranges-update")
	if hasOld {
		if old.ETag != "" {
			req.Header.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			req.Header.Set("If-Modified-Since", old.LastModified)
		}
	}
	client := u.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", old, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && hasOld {
		old.FetchedAt = u.now()
		return StatusNotModified, old, writeMeta(u.Dir, old)
	}
	if resp.StatusCode != http.StatusOK {
		return "", old, fmt.Errorf("HTTP %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxFeedBytes+1))
	if err != nil {
		return "", old, fmt.Errorf("read: %w", err)
	}
	if len(data) > maxFeedBytes {
		return "", old, fmt.Errorf("larger than %d MiB", maxFeedBytes>>20)
	}
	return u.store(f, old, hasOld, resp.Header, data)
}

// store parses data and writes it and its metadata to the cache.
func (u *Updater) store(f Feed, old FeedMeta, hasOld bool, h http.Header, data []byte) (UpdateStatus, FeedMeta, error) {
	p, err := ParseFeed(f.Format, data)
	if err != nil {
		return "", old, err
	}
	sum := sha256.Sum256(data)
	m := FeedMeta{
		Name: f.Name, Vendor: f.Vendor, URL: f.URL, Format: f.Format,
		ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified"),
		FetchedAt: u.now(), FeedDate: p.Date,
		SHA256: hex.EncodeToString(sum[:]), Bytes: len(data), Prefixes: len(p.Entries),
	}
	m.ChangedAt = m.FetchedAt
	status := StatusUpdated
	if hasOld && old.SHA256 == m.SHA256 && old.Format == m.Format {
		status, m.ChangedAt = StatusUnchanged, old.ChangedAt
	}
	if status == StatusUpdated {
		if err := writeFileAtomic(dataPath(u.Dir, f.Name), data); err != nil {
			return "", old, fmt.Errorf("range cache: %w", err)
		}
	}
	if err := writeMeta(u.Dir, m); err != nil {
		return "", old, fmt.Errorf("range cache: %w", err)
	}
	return status, m, nil
}
