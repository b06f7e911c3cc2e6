package s3src

import (
	"context"
	"strings"
	"time"
)

// maxAboveDepth is how many folder levels above AWSLogs/ are explored to
// find it; deeper trees are listed in full.
const maxAboveDepth = 2

// s3Walker lists only the folders of the delivery layout that can hold
// records of its lister's span. Everything it does not understand is
// listed in full: pruning may skip a date folder, never an unknown one.
type s3Walker struct {
	l *s3Lister
}

// start walks from the user's prefix. A prefix without a trailing slash is
// taken as a folder when it names a level of the layout (…/AWSLogs/123),
// otherwise as a plain key prefix, listed in full.
func (w *s3Walker) start(ctx context.Context, prefix string) error {
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		pos := parseS3Pos(prefix + "/")
		if pos.level == s3Above || pos.level == s3Foreign {
			w.l.queue(prefix)
			return nil
		}
		prefix += "/"
	}
	return w.walk(ctx, prefix, parseS3Pos(prefix), 0)
}

// walk lists prefix, located at pos; depth counts folders explored above
// AWSLogs/.
func (w *s3Walker) walk(ctx context.Context, prefix string, pos s3Pos, depth int) error {
	switch pos.level {
	case s3Above:
		return w.above(ctx, prefix, depth)
	case s3AWSLogs, s3Account, s3Service:
		// Under AWSLogs/<account>/ only the flow log folder is read (each
		// skips CloudTrail, elasticloadbalancing and other services).
		return w.each(ctx, prefix, pos, func(string) bool { return true })
	case s3Region, s3Year, s3Month:
		if days, ok := w.l.span.dayPrefixes(pos.region, pos.hive, prefix); ok {
			for _, d := range days {
				w.l.queue(d)
			}
			return nil
		}
		return w.each(ctx, prefix, pos, func(child string) bool {
			return w.dateOverlaps(pos, lastSegment(child))
		})
	default:
		w.l.queue(prefix)
		return nil
	}
}

// above looks for AWSLogs/ below a prefix outside the layout.
func (w *s3Walker) above(ctx context.Context, prefix string, depth int) error {
	if depth > maxAboveDepth {
		w.l.queue(prefix)
		return nil
	}
	folders, err := w.l.children(ctx, prefix)
	if err != nil {
		return err
	}
	for _, f := range folders {
		if err := w.walk(ctx, f, parseS3Pos(f), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// each lists the sub-folders of prefix and walks those keep accepts; a
// sub-folder that does not fit the layout is listed in full.
func (w *s3Walker) each(ctx context.Context, prefix string, pos s3Pos, keep func(child string) bool) error {
	folders, err := w.l.children(ctx, prefix)
	if err != nil {
		return err
	}
	for _, f := range folders {
		next := pos
		if !next.descend(int(pos.level-s3AWSLogs), lastSegment(f)) {
			if pos.level == s3Account {
				continue
			}
			w.l.queue(f)
			continue
		}
		if !keep(f) {
			continue
		}
		if next.level == s3Region {
			next.region = f
		}
		if err := w.walk(ctx, f, next, 0); err != nil {
			return err
		}
	}
	return nil
}

// dateOverlaps reports whether date folder seg, a child of pos (a region,
// year or month folder), covers time the span needs.
func (w *s3Walker) dateOverlaps(pos s3Pos, seg string) bool {
	var start, end time.Time
	switch pos.level {
	case s3Region:
		y, _ := datePart(seg, pos.hive, "year", 4)
		start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(1, 0, 0)
	case s3Year:
		m, _ := datePart(seg, pos.hive, "month", 2)
		start = time.Date(pos.year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 1, 0)
	default:
		d, ok := datePart(seg, pos.hive, "day", 2)
		if !ok || d < 1 || d > 31 {
			return true
		}
		start = time.Date(pos.year, time.Month(pos.month), d, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 0, 1)
	}
	return w.l.span.overlaps(start, end)
}

// lastSegment is the last folder name of a prefix ending with "/".
func lastSegment(prefix string) string {
	p := strings.TrimSuffix(prefix, "/")
	return p[strings.LastIndex(p, "/")+1:]
}
