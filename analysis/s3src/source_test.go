package s3src

import (
	"context"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/source"
)

const (
	plainEU = "AWSLogs/111122223333/vpcflowlogs/eu-west-1/"
	plainUS = "AWSLogs/111122223333/vpcflowlogs/us-east-1/"
	hiveEU  = "AWSLogs/aws-account-id=444455556666/aws-service=vpcflowlogs/aws-region=eu-west-1/"
)

// s3Keys is a bucket as AWS delivers flow logs: two accounts (plain and
// Hive layouts), two regions, days across a month and a year boundary,
// hourly Hive partitions, and another service's logs under the account;
// in byte order, as S3 lists them.
var s3Keys = []string{
	"AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20/111122223333_CloudTrail_eu-west-1_20261120T1200Z_x.json.gz",
	plainEU + "2025/12/31/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20251231T2350Z_9f1e.log.gz",
	plainEU + "2026/10/31/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20261031T1200Z_1c2d.log.gz",
	plainEU + "2026/11/19/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20261119T2355Z_3e4f.log.gz",
	plainEU + "2026/11/20/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20261120T0005Z_5a6b.log.gz",
	plainEU + "2026/11/20/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20261120T1200Z_7c8d.log.gz",
	plainEU + "2026/11/21/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20261121T0000Z_9e0f.log.gz",
	plainUS + "2026/11/20/111122223333_vpcflowlogs_us-east-1_fl-0b2_20261120T1300Z_aa11.log.gz",
	hiveEU + "year=2026/month=11/day=20/hour=13/444455556666_vpcflowlogs_eu-west-1_fl-0c3_20261120T1300Z_bb22.log.parquet",
	hiveEU + "year=2026/month=11/day=22/hour=01/444455556666_vpcflowlogs_eu-west-1_fl-0c3_20261122T0100Z_cc33.log.parquet",
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestListS3Pruning(t *testing.T) {
	since, until := day("2026-11-20T10:00:00Z"), day("2026-11-20T14:00:00Z")
	tests := []struct {
		name         string
		prefix       string
		since, until time.Time
		wantKeys     []int    // indexes into s3Keys
		wantLists    []string // "prefix|delimiter" of each ListObjectsV2 call
	}{
		{
			name: "no window lists everything", prefix: "",
			wantKeys:  []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
			wantLists: []string{"|"},
		},
		{
			name: "region folder lists only the day", prefix: plainEU, since: since, until: until,
			wantKeys:  []int{5},
			wantLists: []string{plainEU + "2026/11/20/|"},
		},
		{
			name: "region without trailing slash", prefix: strings.TrimSuffix(plainEU, "/"), since: since, until: until,
			wantKeys:  []int{5},
			wantLists: []string{plainEU + "2026/11/20/|"},
		},
		{
			name: "window near midnight adds the day before", prefix: plainEU,
			since: day("2026-11-20T00:30:00Z"), until: day("2026-11-20T02:00:00Z"),
			wantKeys:  []int{3, 4},
			wantLists: []string{plainEU + "2026/11/19/|", plainEU + "2026/11/20/|"},
		},
		{
			name: "bucket root discovers accounts and regions", prefix: "", since: since, until: until,
			wantKeys: []int{5, 7, 8},
			wantLists: []string{
				"|/", "AWSLogs/|/",
				"AWSLogs/111122223333/|/", "AWSLogs/111122223333/vpcflowlogs/|/",
				plainEU + "2026/11/20/|", plainUS + "2026/11/20/|",
				"AWSLogs/aws-account-id=444455556666/|/", "AWSLogs/aws-account-id=444455556666/aws-service=vpcflowlogs/|/",
				hiveEU + "year=2026/month=11/day=20/|",
			},
		},
		{
			name: "month folder keeps its days only", prefix: plainEU + "2026/11/",
			since: day("2026-10-31T20:00:00Z"), until: day("2026-11-01T01:00:00Z"),
			wantLists: []string{plainEU + "2026/11/01/|"},
		},
		{
			name: "open since discovers years", prefix: plainEU, until: day("2026-01-01T00:00:00Z"),
			wantKeys: []int{1},
			wantLists: []string{
				plainEU + "|/", plainEU + "2025/|/", plainEU + "2025/12/|/", plainEU + "2025/12/31/|",
				plainEU + "2026/|/",
			},
		},
		{
			name: "long window discovers instead of naming days", prefix: hiveEU,
			since: day("2026-01-01T00:00:00Z"), until: day("2026-11-21T00:00:00Z"),
			wantKeys: []int{8},
			wantLists: []string{
				hiveEU + "|/", hiveEU + "year=2026/|/", hiveEU + "year=2026/month=11/|/",
				hiveEU + "year=2026/month=11/day=20/|",
			},
		},
		{
			name: "day folder is listed in full", prefix: plainEU + "2026/11/20/", since: since, until: until,
			wantKeys:  []int{5},
			wantLists: []string{plainEU + "2026/11/20/|"},
		},
		{
			name: "prefix outside the layout is listed in full", prefix: "AWSLogs/111122223333/CloudTrail/", since: since, until: until,
			wantKeys:  []int{0},
			wantLists: []string{"AWSLogs/111122223333/CloudTrail/|"},
		},
		{
			name: "plain key prefix is listed in full, flow log files by name time", prefix: "AWSLog", since: since, until: until,
			wantKeys:  []int{0, 5, 7, 8},
			wantLists: []string{"AWSLog|"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakeS3("flow", s3Keys...)
			got, err := List(context.Background(), fake, "s3://flow/"+tc.prefix, tc.since, tc.until)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, i := range tc.wantKeys {
				want = append(want, "s3://flow/"+s3Keys[i])
			}
			if names := sourceNames(got); !reflect.DeepEqual(names, want) {
				t.Errorf("sources:\n got %q\nwant %q", names, want)
			}
			// Leaf folders are listed concurrently: compare as sets.
			slices.Sort(fake.Lists)
			slices.Sort(tc.wantLists)
			if !reflect.DeepEqual(fake.Lists, tc.wantLists) {
				t.Errorf("ListObjectsV2 calls:\n got %q\nwant %q", fake.Lists, tc.wantLists)
			}
		})
	}
}

func sourceNames(srcs []source.Source) []string {
	var out []string
	for _, s := range srcs {
		out = append(out, s.Name)
	}
	return out
}

func TestListS3Pages(t *testing.T) {
	since, until := day("2026-11-19T12:00:00Z"), day("2026-11-23T00:00:00Z")
	big := newFakeS3("flow", s3Keys...)
	want, err := List(context.Background(), big, "s3://flow/", since, until)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 7 {
		t.Fatalf("got %d sources, want 7: %q", len(want), sourceNames(want))
	}
	small := newFakeS3("flow", s3Keys...)
	small.PageSize = 1
	got, err := List(context.Background(), small, "s3://flow/", since, until)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sourceNames(got), sourceNames(want)) {
		t.Errorf("one key per page:\n got %q\nwant %q", sourceNames(got), sourceNames(want))
	}
	if len(small.Lists) <= len(big.Lists) {
		t.Errorf("one key per page made %d calls, 1000 per page %d: pages were not followed", len(small.Lists), len(big.Lists))
	}
}

func TestListS3Open(t *testing.T) {
	fake := newFakeS3("flow", s3Keys...)
	srcs, err := List(context.Background(), fake, "s3://flow/"+plainUS, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 {
		t.Fatalf("got %d sources, want 1", len(srcs))
	}
	rc, err := srcs[0].Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if want := "body of " + s3Keys[7]; string(b) != want || srcs[0].Size != int64(len(want)) {
		t.Errorf("got %q (size %d), want %q", b, srcs[0].Size, want)
	}
	delete(fake.buckets["flow"], s3Keys[7])
	if _, err := srcs[0].Open(context.Background()); err == nil || !strings.Contains(err.Error(), s3Keys[7]) {
		t.Errorf("open of a deleted object: got %v, want an error naming the key", err)
	}
}

func TestListS3Errors(t *testing.T) {
	tests := []struct {
		name, url string
		listErr   error
		want      string
	}{
		{name: "not s3", url: "flow/AWSLogs/", want: `want s3://bucket/prefix`},
		{name: "no bucket", url: "s3:///AWSLogs/", want: "no bucket"},
		{name: "missing bucket", url: "s3://nope/", want: "s3 bucket nope: list"},
		{name: "list fails", url: "s3://flow/" + plainEU, listErr: errors.New("throttled"), want: "throttled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakeS3("flow", s3Keys...)
			fake.ListErr = tc.listErr
			_, err := List(context.Background(), fake, tc.url, day("2026-11-20T10:00:00Z"), time.Time{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	t.Run("leaf listing fails", func(t *testing.T) {
		fake := newFakeS3("flow", s3Keys...)
		fake.ListErr = errors.New("access denied")
		srcs, err := List(context.Background(), fake, "s3://flow/"+plainEU, day("2026-11-20T10:00:00Z"), day("2026-11-21T10:00:00Z"))
		if err == nil || !strings.Contains(err.Error(), `list "`+plainEU+`2026/11/21/": access denied`) || srcs != nil {
			t.Errorf("got %v, %d sources; want the failing day named", err, len(srcs))
		}
	})
}
