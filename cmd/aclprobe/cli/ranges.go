package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis/identify"
)

// RangesOptions are the inputs of `aclprobe ranges update` and
// `aclprobe ranges status`.
type RangesOptions struct {
	IO       *IO
	CacheDir string   // --cache-dir; empty: identify.DefaultCacheDir
	Feeds    []string // --feed NAME=URL
	Only     []string // --only NAME,...
	Timeout  time.Duration

	HTTPClient *http.Client     // nil: http.DefaultClient
	Now        func() time.Time // nil: time.Now
}

// newRangesCmd builds `aclprobe ranges` and its subcommands on f.
func newRangesCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ranges",
		Short: "Download and inspect the published IP range feeds --identify uses",
		Long: `--identify labels destinations from AWS's ip-ranges.json and vendor range
feeds. ranges update downloads them into a cache directory ($ACLPROBE_CACHE_DIR,
else $XDG_CACHE_HOME/aclprobe, else ~/.cache/aclprobe); analyze, impact and
plan generate then read the cache when no --ip-ranges/--vendor-ranges is given,
and never download anything themselves.`,
		Example: `  aclprobe ranges update
  aclprobe ranges status`,
	}
	cmd.AddCommand(NewCmdRangesUpdate(f, nil), NewCmdRangesStatus(f, nil))
	return cmd
}

// NewCmdRangesUpdate builds `aclprobe ranges update` on f. runF, when not
// nil, is called with the parsed options instead of downloading.
func NewCmdRangesUpdate(f *Factory, runF func(*RangesOptions) error) *cobra.Command {
	o := &RangesOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Download the range feeds into the cache (conditional GET)",
		Long: `Downloads each feed with a conditional GET (the cached ETag and
Last-Modified): 304 keeps the cached file and records the fetch time; new
content is checked (it must parse and hold at least one prefix) and written
atomically, with its URL, ETag, Last-Modified, fetch time, the feed's own
date and sha256 beside it.

A feed that fails (network error, HTTP error, content that does not parse,
--timeout) keeps its old cache and is named on stderr; the other feeds still
update, and the exit code is 1.

Feeds (NAME: URL):
` + feedList() + `
Cloudflare publishes two text lists; both are labelled cloudflare.
--feed NAME=URL changes a feed's URL (a mirror, a proxy, a test server).`,
		Example: `  # every feed, into ~/.cache/aclprobe (or $XDG_CACHE_HOME/aclprobe)
  aclprobe ranges update

  # only AWS and Datadog (the NAT story: Kinesis and Datadog), into a shared cache
  aclprobe ranges update --only aws,datadog --cache-dir /srv/aclprobe-ranges

  # AWS's file from an internal mirror
  aclprobe ranges update --feed aws=https://mirror.example.internal/ip-ranges.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(o)
			}
			return runRangesUpdate(cmd.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.CacheDir, "cache-dir", "", "cache directory (default $"+identify.CacheDirEnv+", else $XDG_CACHE_HOME/aclprobe or ~/.cache/aclprobe)")
	fs.StringArrayVar(&o.Feeds, "feed", nil, "NAME=URL: download feed NAME from URL instead (repeatable)")
	fs.StringSliceVar(&o.Only, "only", nil, "update only these feeds (comma list of names)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Second, "give up on one feed after this long (its old cache is kept)")
	return cmd
}

// NewCmdRangesStatus builds `aclprobe ranges status` on f. runF, when not
// nil, is called with the parsed options instead of printing.
func NewCmdRangesStatus(f *Factory, runF func(*RangesOptions) error) *cobra.Command {
	o := &RangesOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:     "status",
		Aliases: []string{"list"},
		Short:   "List the cached feeds: prefixes, feed date, age",
		Long: `Lists the feeds in the cache as a table on stdout: name, label, prefix
count, the feed's own date, when it was last fetched (200 or 304) and how long
ago, and its URL. A feed last fetched more than 30 days ago is marked stale
and named on stderr. An empty cache is an error telling to run ranges update.`,
		Example: "  aclprobe ranges status\n  aclprobe ranges list --cache-dir /srv/aclprobe-ranges",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(o)
			}
			return runRangesStatus(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.CacheDir, "cache-dir", "", "cache directory (default $"+identify.CacheDirEnv+", else $XDG_CACHE_HOME/aclprobe or ~/.cache/aclprobe)")
	return cmd
}

// feedList renders the default feeds for --help.
func feedList() string {
	var b strings.Builder
	for _, f := range identify.DefaultFeeds {
		fmt.Fprintf(&b, "  %-14s %s\n", f.Name+":", f.URL)
	}
	return b.String()
}

// cacheDir is --cache-dir, else identify.DefaultCacheDir.
func cacheDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return identify.DefaultCacheDir()
}

// selectFeeds applies --feed and --only to the default feeds; every
// problem is reported at once.
func (o *RangesOptions) selectFeeds() ([]identify.Feed, error) {
	feeds := slices.Clone(identify.DefaultFeeds)
	index := func(name string) int {
		return slices.IndexFunc(feeds, func(f identify.Feed) bool { return f.Name == name })
	}
	var names []string
	for _, f := range feeds {
		names = append(names, f.Name)
	}
	known := strings.Join(names, ", ")
	var errs []error
	for _, v := range o.Feeds {
		name, url, ok := strings.Cut(v, "=")
		i := index(name)
		switch {
		case !ok || url == "":
			errs = append(errs, fmt.Errorf("--feed %q: want NAME=URL, e.g. aws=https://mirror.example.internal/ip-ranges.json", v))
		case i < 0:
			errs = append(errs, fmt.Errorf("--feed %q: unknown feed %q (known: %s)", v, name, known))
		case !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://"):
			errs = append(errs, fmt.Errorf("--feed %q: want an http:// or https:// URL", v))
		default:
			feeds[i].URL = url
		}
	}
	only := splitList(o.Only)
	for _, name := range only {
		if index(name) < 0 {
			errs = append(errs, fmt.Errorf("--only %q: unknown feed (known: %s)", name, known))
		}
	}
	if o.Timeout < 0 {
		errs = append(errs, fmt.Errorf("--timeout %s: want a positive duration", o.Timeout))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(only) > 0 {
		feeds = slices.DeleteFunc(feeds, func(f identify.Feed) bool { return !slices.Contains(only, f.Name) })
	}
	return feeds, nil
}

// runRangesUpdate downloads the selected feeds, prints one line per feed
// on stdout and each failure on stderr; any failure makes it an error.
func runRangesUpdate(ctx context.Context, o *RangesOptions) error {
	feeds, err := o.selectFeeds()
	if err != nil {
		return err
	}
	dir, err := cacheDir(o.CacheDir)
	if err != nil {
		return err
	}
	u := &identify.Updater{Dir: dir, Client: o.HTTPClient, Timeout: o.Timeout, Now: o.Now}
	fmt.Fprintf(o.IO.ErrOut, "updating %d feeds in %s\n", len(feeds), dir)
	results, err := u.Update(ctx, feeds)
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATUS\tPREFIXES\tFEED_DATE\tURL")
	failed := 0
	for _, r := range results {
		prefixes := "-"
		if r.Meta.Prefixes > 0 {
			prefixes = fmt.Sprint(r.Meta.Prefixes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Feed.Name, r.Status, prefixes, feedDate(r.Meta), r.Feed.URL)
		if r.Err != nil {
			failed++
			kept := "no cached copy"
			if !r.Meta.FetchedAt.IsZero() {
				kept = "the cached copy of " + r.Meta.FetchedAt.Format(time.RFC3339) + " is kept"
			}
			fmt.Fprintf(o.IO.ErrOut, "error: %v (%s)\n", r.Err, kept)
		}
	}
	if ferr := tw.Flush(); ferr != nil {
		return ferr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d feeds failed; the others are updated", failed, len(results))
	}
	return nil
}

// runRangesStatus prints the cached feeds; stale ones are named on stderr.
func runRangesStatus(_ context.Context, o *RangesOptions) error {
	dir, err := cacheDir(o.CacheDir)
	if err != nil {
		return err
	}
	metas, err := identify.ReadCache(dir)
	if err != nil {
		return err
	}
	if len(metas) == 0 {
		return fmt.Errorf("no range feeds cached in %s: run `aclprobe ranges update`", dir)
	}
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tLABEL\tPREFIXES\tFEED_DATE\tFETCHED\tAGE\tURL")
	for _, m := range metas {
		a := age(m.Age(now))
		if m.Stale(now) {
			a += " (stale)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", m.Name, feedLabel(m), m.Prefixes, feedDate(m),
			m.FetchedAt.Format(time.RFC3339), a, m.URL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	writeStaleWarnings(o.IO.ErrOut, metas, now)
	return nil
}

// writeStaleWarnings names on w every feed older than identify.StaleAfter.
func writeStaleWarnings(w io.Writer, metas []identify.FeedMeta, now time.Time) {
	for _, m := range metas {
		if m.Stale(now) {
			fmt.Fprintf(w, "warning: range feed %s was last fetched %s ago (over 30 days): run `aclprobe ranges update`\n", m.Name, age(m.Age(now)))
		}
	}
}

func feedLabel(m identify.FeedMeta) string {
	if m.Vendor == "" {
		return "ip-ranges"
	}
	return "vendor:" + m.Vendor
}

func feedDate(m identify.FeedMeta) string {
	if m.FeedDate.IsZero() {
		return "-"
	}
	return m.FeedDate.Format(time.DateOnly)
}

// age renders d in whole days, or hours, or minutes.
func age(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	default:
		return fmt.Sprintf("%dm", max(0, int(d/time.Minute)))
	}
}
