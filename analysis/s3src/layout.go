package s3src

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DeliverySlack widens a --since/--until window when choosing the date
// folders and files of S3 delivery: folders and files are named after the
// time the files were written, a little after the records they hold
// started and ended (delivery is usually minutes late).
const DeliverySlack = time.Hour

// maxComputedDays bounds how many day folders are listed by name; longer
// windows discover the folders that exist with delimiter listings instead.
const maxComputedDays = 62

// s3Level is how deep a prefix sits in AWS's flow log delivery layout:
//
//	[prefix/]AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]
//	[prefix/]AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=YYYY/month=MM/day=DD/[hour=HH/]
type s3Level int

const (
	s3Above   s3Level = iota // no AWSLogs/ segment yet: AWSLogs/ may sit below
	s3AWSLogs                // .../AWSLogs/
	s3Account                // .../AWSLogs/<account>/
	s3Service                // .../<account>/vpcflowlogs/
	s3Region                 // .../vpcflowlogs/<region>/
	s3Year                   // .../<region>/YYYY/
	s3Month                  // .../YYYY/MM/
	s3Day                    // .../MM/DD/ or deeper: listed in full
	s3Foreign                // below AWSLogs/ but not the vpcflowlogs layout
)

// s3Pos locates a folder prefix in the layout.
type s3Pos struct {
	level  s3Level
	hive   bool
	region string // the region folder prefix, from s3Region down
	year   int    // from s3Year down
	month  int    // from s3Month down
}

// parseS3Pos locates prefix, which is empty or ends with "/".
func parseS3Pos(prefix string) s3Pos {
	segs := strings.Split(strings.TrimSuffix(prefix, "/"), "/")
	at := -1
	for i, s := range segs {
		if s == "AWSLogs" {
			at = i
		}
	}
	if prefix == "" || at < 0 {
		return s3Pos{level: s3Above}
	}
	pos := s3Pos{level: s3AWSLogs}
	for j, seg := range segs[at+1:] {
		if !pos.descend(j, seg) {
			return s3Pos{level: s3Foreign}
		}
		if pos.level == s3Region && pos.region == "" {
			pos.region = strings.Join(segs[:at+j+2], "/") + "/"
		}
		if pos.level == s3Day {
			break
		}
	}
	return pos
}

// descend moves pos one folder down into seg, the j-th segment after
// AWSLogs/; it reports false when seg does not fit the layout.
func (p *s3Pos) descend(j int, seg string) bool {
	var ok bool
	switch j {
	case 0:
		p.hive = strings.HasPrefix(seg, "aws-account-id=")
		ok = seg != ""
	case 1:
		ok = seg == "vpcflowlogs" && !p.hive || seg == "aws-service=vpcflowlogs" && p.hive
	case 2:
		ok = seg != "" && (!p.hive || strings.HasPrefix(seg, "aws-region="))
	case 3:
		p.year, ok = datePart(seg, p.hive, "year", 4)
	case 4:
		p.month, ok = datePart(seg, p.hive, "month", 2)
		ok = ok && p.month >= 1 && p.month <= 12
	default:
		ok = true
	}
	if ok {
		p.level++
	}
	return ok
}

// datePart parses one date folder name: "2026" or "year=2026".
func datePart(seg string, hive bool, key string, width int) (int, bool) {
	if hive {
		v, ok := strings.CutPrefix(seg, key+"=")
		if !ok {
			return 0, false
		}
		seg = v
	}
	if len(seg) != width {
		return 0, false
	}
	n, err := strconv.Atoi(seg)
	return n, err == nil && n >= 0
}

// dayFolder is the path of day t below a region folder.
func dayFolder(t time.Time, hive bool) string {
	if hive {
		return fmt.Sprintf("year=%04d/month=%02d/day=%02d/", t.Year(), int(t.Month()), t.Day())
	}
	return fmt.Sprintf("%04d/%02d/%02d/", t.Year(), int(t.Month()), t.Day())
}

// daySpan is the window of folder times worth listing, in UTC; a zero
// bound is open.
type daySpan struct {
	from, to time.Time
}

func newDaySpan(since, until time.Time) daySpan {
	var s daySpan
	if !since.IsZero() {
		s.from = since.UTC().Add(-DeliverySlack)
	}
	if !until.IsZero() {
		s.to = until.UTC().Add(DeliverySlack)
	}
	return s
}

// overlaps reports whether folder time range [start, end) can hold files
// of the span.
func (s daySpan) overlaps(start, end time.Time) bool {
	return (s.from.IsZero() || end.After(s.from)) && (s.to.IsZero() || start.Before(s.to))
}

// days returns the UTC midnights of the days the span touches, or false
// when the span is open or longer than maxComputedDays.
func (s daySpan) days() ([]time.Time, bool) {
	if s.from.IsZero() || s.to.IsZero() || !s.to.After(s.from) {
		return nil, false
	}
	first := time.Date(s.from.Year(), s.from.Month(), s.from.Day(), 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for d := first; d.Before(s.to); d = d.AddDate(0, 0, 1) {
		if len(out) == maxComputedDays {
			return nil, false
		}
		out = append(out, d)
	}
	return out, true
}

// dayPrefixes returns the day folders below regionPrefix that can hold
// files of the span and lie under within (a region, year or month folder),
// or false when they must be discovered instead.
func (s daySpan) dayPrefixes(regionPrefix string, hive bool, within string) ([]string, bool) {
	days, ok := s.days()
	if !ok {
		return nil, false
	}
	var out []string
	for _, d := range days {
		p := regionPrefix + dayFolder(d, hive)
		if strings.HasPrefix(p, within) {
			out = append(out, p)
		}
	}
	return out, true
}

// holdsFile reports whether an object can hold records of the span,
// judging by the time in AWS's flow log file name
// (<account>_vpcflowlogs_<region>_<flow log id>_YYYYMMDDTHHmmZ_<hash>.log.gz).
// Keys without that time are kept.
func (s daySpan) holdsFile(key string) bool {
	if s.from.IsZero() && s.to.IsZero() {
		return true
	}
	t, ok := fileTime(key[strings.LastIndex(key, "/")+1:])
	if !ok {
		return true
	}
	return (s.from.IsZero() || !t.Before(s.from)) && (s.to.IsZero() || t.Before(s.to))
}

// fileTime parses the YYYYMMDDTHHmmZ part of a flow log file name.
func fileTime(name string) (time.Time, bool) {
	if !strings.Contains(name, "_vpcflowlogs_") {
		return time.Time{}, false
	}
	for _, part := range strings.Split(name, "_") {
		if len(part) == len("20060102T1504Z") && part[8] == 'T' && part[13] == 'Z' {
			if t, err := time.Parse("20060102T1504Z", part); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
