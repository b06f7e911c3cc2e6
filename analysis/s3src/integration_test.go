package s3src

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/aclprobe/aclprobe/analysis/source"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestListS3Moto uploads gzipped flow logs under dated keys of both
// layouts to moto's S3 and reads back only those of the window, through
// the real SDK client.
func TestListS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	ctx := context.Background()
	client := s3.NewFromConfig(testenv.Config(t), func(o *s3.Options) {
		o.UsePathStyle = true
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	bucket := fmt.Sprintf("aclprobe-s3source-%d", time.Now().UnixNano())
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
	t.Cleanup(func() { deleteBucket(t, client, bucket) })

	const acct = "111122223333"
	plain := "AWSLogs/" + acct + "/vpcflowlogs/eu-west-1/"
	hive := "AWSLogs/aws-account-id=" + acct + "/aws-service=vpcflowlogs/aws-region=eu-west-1/"
	objects := map[string]string{
		plain + "2026/11/19/" + acct + "_vpcflowlogs_eu-west-1_fl-0a1_20261119T1200Z_a1.log.gz":                       "2 " + acct + " eni-0a1 10.0.1.5 203.0.113.7 40001 443 6 10 8400 1763553600 1763553660 ACCEPT OK\n",
		plain + "2026/11/20/" + acct + "_vpcflowlogs_eu-west-1_fl-0a1_20261120T1200Z_b2.log.gz":                       "2 " + acct + " eni-0a1 10.0.1.5 203.0.113.9 40002 443 6 12 9100 1763640000 1763640060 ACCEPT OK\n",
		hive + "year=2026/month=11/day=20/hour=12/" + acct + "_vpcflowlogs_eu-west-1_fl-0c3_20261120T1205Z_c3.log.gz": "2 " + acct + " eni-0c3 10.0.2.8 198.51.100.4 40003 53 17 1 76 1763640300 1763640360 ACCEPT OK\n",
		hive + "year=2026/month=11/day=21/hour=00/" + acct + "_vpcflowlogs_eu-west-1_fl-0c3_20261121T0005Z_d4.log.gz": "2 " + acct + " eni-0c3 10.0.2.8 198.51.100.4 40004 53 17 1 76 1763683500 1763683560 ACCEPT OK\n",
	}
	for key, body := range objects {
		put(t, client, bucket, key, body)
	}

	since, until := day("2026-11-20T10:00:00Z"), day("2026-11-20T14:00:00Z")
	srcs, err := List(ctx, client, "s3://"+bucket+"/", since, until)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, src := range srcs {
		got[src.Name] = readGzip(t, src)
	}
	want := map[string]string{}
	for key, body := range objects {
		if bytes.Contains([]byte(key), []byte("/20/")) || bytes.Contains([]byte(key), []byte("day=20")) {
			want["s3://"+bucket+"/"+key] = body
		}
	}
	if len(want) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("window 2026-11-20 10:00-14:00:\n got %q\nwant %q", got, want)
	}

	all, err := List(ctx, client, "s3://"+bucket, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(objects) {
		t.Errorf("no window: got %d objects, want %d", len(all), len(objects))
	}
}

func put(t *testing.T, client *s3.Client, bucket, key, body string) {
	t.Helper()
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(testenv.Gzip(t, []byte(body))),
	})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

func readGzip(t *testing.T, src source.Source) string {
	t.Helper()
	rc, err := src.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	zr, err := gzip.NewReader(rc)
	if err != nil {
		t.Fatalf("%s: %v", src.Name, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", src.Name, err)
	}
	return string(b)
}

func deleteBucket(t *testing.T, client *s3.Client, bucket string) {
	ctx := context.Background()
	out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Logf("clean up bucket %s: %v", bucket, err)
		return
	}
	for _, o := range out.Contents {
		if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: o.Key}); err != nil {
			t.Logf("clean up s3://%s/%s: %v", bucket, aws.ToString(o.Key), err)
		}
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Logf("clean up bucket %s: %v", bucket, err)
	}
}
