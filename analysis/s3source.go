package analysis

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3API is the part of the S3 client that ListS3 uses.
type S3API interface {
	// ListObjectsV2 returns one page of the keys under Prefix; with a
	// Delimiter, keys below the next delimiter are rolled up into
	// CommonPrefixes. NextContinuationToken is set when more pages follow.
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	// GetObject streams one object's bytes as stored.
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// ListS3 lists the flow log objects under url (s3://bucket/prefix) as
// Sources whose Open streams the object. Every page is listed. When since
// or until is set and the prefix is at or above the
// AWSLogs/<account>/vpcflowlogs/<region>/ level of AWS's delivery layout
// (plain or Hive-compatible), only the date folders that can hold records
// of [since, until) are listed: accounts and regions are discovered with
// delimiter listings, days are computed or discovered. Objects outside the
// known layout are listed in full, never dropped.
func ListS3(ctx context.Context, client S3API, url string, since, until time.Time) ([]Source, error) {
	bucket, prefix, err := parseS3URL(url)
	if err != nil {
		return nil, err
	}
	l := &s3Lister{client: client, bucket: bucket}
	if since.IsZero() && until.IsZero() {
		err = l.listAll(ctx, prefix)
	} else {
		w := &s3Walker{l: l, span: newDaySpan(since, until)}
		err = w.start(ctx, prefix)
	}
	if err != nil {
		return nil, err
	}
	return l.sources, nil
}

// parseS3URL splits s3://bucket/prefix.
func parseS3URL(url string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(url, "s3://")
	if !ok {
		return "", "", fmt.Errorf("s3 source %q: want s3://bucket/prefix", url)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("s3 source %q: no bucket", url)
	}
	return bucket, prefix, nil
}

// s3Lister runs the listings of one bucket and collects the Sources.
type s3Lister struct {
	client  S3API
	bucket  string
	sources []Source
}

// listAll adds every object under prefix, all pages.
func (l *s3Lister) listAll(ctx context.Context, prefix string) error {
	_, err := l.list(ctx, prefix, "")
	return err
}

// children lists prefix with the "/" delimiter: it adds the objects
// directly under prefix and returns the sub-folders (full prefixes).
func (l *s3Lister) children(ctx context.Context, prefix string) ([]string, error) {
	return l.list(ctx, prefix, "/")
}

func (l *s3Lister) list(ctx context.Context, prefix, delimiter string) ([]string, error) {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(l.bucket), Prefix: aws.String(prefix)}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	var folders []string
	for {
		out, err := l.client.ListObjectsV2(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("s3 bucket %s: list %q: %w", l.bucket, prefix, err)
		}
		for _, o := range out.Contents {
			l.add(aws.ToString(o.Key), aws.ToInt64(o.Size))
		}
		for _, cp := range out.CommonPrefixes {
			folders = append(folders, aws.ToString(cp.Prefix))
		}
		if !aws.ToBool(out.IsTruncated) || aws.ToString(out.NextContinuationToken) == "" {
			return folders, nil
		}
		in.ContinuationToken = out.NextContinuationToken
	}
}

// add records one object as a Source; folder markers are skipped.
func (l *s3Lister) add(key string, size int64) {
	if key == "" || strings.HasSuffix(key, "/") {
		return
	}
	client, bucket := l.client, l.bucket
	l.sources = append(l.sources, Source{
		Name: "s3://" + bucket + "/" + key,
		Size: size,
		Open: func(ctx context.Context) (io.ReadCloser, error) {
			out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
			if err != nil {
				return nil, fmt.Errorf("s3 object s3://%s/%s: get: %w", bucket, key, err)
			}
			return out.Body, nil
		},
	})
}
