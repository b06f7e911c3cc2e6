package s3src

import (
	"reflect"
	"testing"
	"time"
)

func TestParseS3Pos(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		want   s3Pos
	}{
		{name: "bucket root", prefix: "", want: s3Pos{level: s3Above}},
		{name: "user prefix", prefix: "flow/", want: s3Pos{level: s3Above}},
		{name: "AWSLogs", prefix: "flow/AWSLogs/", want: s3Pos{level: s3AWSLogs}},
		{name: "account", prefix: "AWSLogs/111122223333/", want: s3Pos{level: s3Account}},
		{name: "hive account", prefix: "AWSLogs/aws-account-id=1/", want: s3Pos{level: s3Account, hive: true}},
		{name: "service", prefix: "AWSLogs/1/vpcflowlogs/", want: s3Pos{level: s3Service}},
		{name: "other service", prefix: "AWSLogs/1/CloudTrail/", want: s3Pos{level: s3Foreign}},
		{name: "hive service spelled plain", prefix: "AWSLogs/aws-account-id=1/vpcflowlogs/", want: s3Pos{level: s3Foreign}},
		{
			name: "region", prefix: "x/AWSLogs/1/vpcflowlogs/eu-west-1/",
			want: s3Pos{level: s3Region, region: "x/AWSLogs/1/vpcflowlogs/eu-west-1/"},
		},
		{
			name: "hive month", prefix: "AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2026/month=11/",
			want: s3Pos{level: s3Month, hive: true, region: "AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=eu-west-1/", year: 2026, month: 11},
		},
		{
			name: "hour is day level", prefix: "AWSLogs/1/vpcflowlogs/r/2026/11/20/13/",
			want: s3Pos{level: s3Day, region: "AWSLogs/1/vpcflowlogs/r/", year: 2026, month: 11},
		},
		{name: "bad month", prefix: "AWSLogs/1/vpcflowlogs/r/2026/13/", want: s3Pos{level: s3Foreign}},
		{name: "bad year", prefix: "AWSLogs/1/vpcflowlogs/r/latest/", want: s3Pos{level: s3Foreign}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseS3Pos(tc.prefix); got != tc.want {
				t.Errorf("parseS3Pos(%q) = %+v, want %+v", tc.prefix, got, tc.want)
			}
		})
	}
}

func TestDayPrefixes(t *testing.T) {
	const region = "AWSLogs/1/vpcflowlogs/eu-west-1/"
	tests := []struct {
		name         string
		since, until string
		hive         bool
		within       string
		want         []string
		computed     bool
	}{
		{
			name: "one day", since: "2026-11-20T10:00:00Z", until: "2026-11-20T14:00:00Z",
			want: []string{region + "2026/11/20/"}, computed: true,
		},
		{
			name: "slack reaches back over midnight", since: "2026-11-20T00:10:00Z", until: "2026-11-20T01:00:00Z",
			want: []string{region + "2026/11/19/", region + "2026/11/20/"}, computed: true,
		},
		{
			name: "slack reaches forward over midnight", since: "2026-12-31T12:00:00Z", until: "2026-12-31T23:30:00Z",
			want: []string{region + "2026/12/31/", region + "2027/01/01/"}, computed: true,
		},
		{
			name: "hive across a month", since: "2026-10-31T12:00:00Z", until: "2026-11-01T12:00:00Z", hive: true,
			want:     []string{region + "year=2026/month=10/day=31/", region + "year=2026/month=11/day=01/"},
			computed: true,
		},
		{
			name: "other time zones are days in UTC", since: "2026-11-20T23:00:00+02:00", until: "2026-11-21T01:00:00+02:00",
			want: []string{region + "2026/11/20/"}, computed: true,
		},
		{
			name: "within a month folder", since: "2026-10-31T12:00:00Z", until: "2026-11-01T12:00:00Z",
			within: region + "2026/11/", want: []string{region + "2026/11/01/"}, computed: true,
		},
		{name: "open since", until: "2026-11-20T01:00:00Z"},
		{name: "open until", since: "2026-11-20T01:00:00Z"},
		{name: "too many days", since: "2026-01-01T00:00:00Z", until: "2026-03-05T00:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var since, until time.Time
			if tc.since != "" {
				since = day(tc.since)
			}
			if tc.until != "" {
				until = day(tc.until)
			}
			within := tc.within
			if within == "" {
				within = region
			}
			got, ok := newDaySpan(since, until).dayPrefixes(region, tc.hive, within)
			if ok != tc.computed || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tc.want, tc.computed)
			}
		})
	}
}

func TestDaySpanOverlaps(t *testing.T) {
	s := newDaySpan(day("2026-11-20T10:00:00Z"), day("2026-11-20T14:00:00Z"))
	tests := []struct {
		name       string
		start, end string
		want       bool
	}{
		{name: "the day", start: "2026-11-20T00:00:00Z", end: "2026-11-21T00:00:00Z", want: true},
		{name: "the year", start: "2026-01-01T00:00:00Z", end: "2027-01-01T00:00:00Z", want: true},
		{name: "day before", start: "2026-11-19T00:00:00Z", end: "2026-11-20T00:00:00Z"},
		{name: "day after", start: "2026-11-21T00:00:00Z", end: "2026-11-22T00:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.overlaps(day(tc.start), day(tc.end)); got != tc.want {
				t.Errorf("overlaps = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHoldsFile(t *testing.T) {
	s := newDaySpan(day("2026-11-20T10:00:00Z"), day("2026-11-20T14:00:00Z"))
	const dir = "AWSLogs/1/vpcflowlogs/eu-west-1/2026/11/20/"
	tests := []struct {
		name string
		key  string
		want bool
	}{
		{name: "inside", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T1200Z_7c8d.log.gz", want: true},
		{name: "within the slack before", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T0900Z_7c8d.log.gz", want: true},
		{name: "before the slack", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T0855Z_7c8d.log.gz"},
		{name: "within the slack after", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T1455Z_7c8d.log.gz", want: true},
		{name: "after the slack", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T1500Z_7c8d.log.gz"},
		{name: "parquet", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261120T1600Z_7c8d.log.parquet"},
		{name: "not a flow log file name", key: dir + "export-20261120T1600Z.log.gz", want: true},
		{name: "no time", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_latest.log.gz", want: true},
		{name: "bad time", key: dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20261399T1600Z_x.log.gz", want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.holdsFile(tc.key); got != tc.want {
				t.Errorf("holdsFile(%s) = %v, want %v", tc.key, got, tc.want)
			}
		})
	}
	if !(daySpan{}).holdsFile(dir + "1_vpcflowlogs_eu-west-1_fl-0a1_20200101T0000Z_x.log.gz") {
		t.Error("an open span must keep every file")
	}
}
