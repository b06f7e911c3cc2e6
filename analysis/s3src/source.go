package s3src

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/analysis/source"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// API is the part of the S3 client that List uses.
type API interface {
	// ListObjectsV2 returns one page of the keys under Prefix; with a
	// Delimiter, keys below the next delimiter are rolled up into
	// CommonPrefixes. NextContinuationToken is set when more pages follow.
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	// GetObject streams one object's bytes as stored.
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// List lists the flow log objects under url (s3://bucket/prefix) as
// Sources whose Open streams the object. Every page is listed. When since
// or until is set and the prefix is at or above the
// AWSLogs/<account>/vpcflowlogs/<region>/ level of AWS's delivery layout
// (plain or Hive-compatible), only the date folders that can hold records
// of [since, until) are listed: accounts and regions are discovered with
// delimiter listings, days are computed or discovered. Folders outside the
// known layout are listed in full. With since or until, objects named the
// way AWS names flow log files (..._vpcflowlogs_..._YYYYMMDDTHHmmZ_...)
// are skipped when that time is more than DeliverySlack outside the
// window.
func List(ctx context.Context, client API, url string, since, until time.Time) ([]source.Source, error) {
	bucket, prefix, err := parseS3URL(url)
	if err != nil {
		return nil, err
	}
	l := &s3Lister{client: client, bucket: bucket, span: newDaySpan(since, until)}
	if since.IsZero() && until.IsZero() {
		l.queue(prefix)
	} else {
		w := &s3Walker{l: l}
		if err := w.start(ctx, prefix); err != nil {
			return nil, err
		}
	}
	return l.resolve(ctx)
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

// maxS3Listings bounds the concurrent full listings of leaf folders.
const maxS3Listings = 8

// s3Lister lists one bucket in two phases: the walk discovers folders
// (delimiter listings, in order) and queues the leaves to list in full;
// resolve then lists the leaves concurrently and returns the Sources in
// leaf order, which is key order.
type s3Lister struct {
	client API
	bucket string
	span   daySpan // objects whose file name time is outside it are skipped
	leaves []s3Leaf
}

// s3Leaf is a prefix to list in full, or an object found while walking.
type s3Leaf struct {
	prefix string
	object *source.Source
}

// queue asks for every object under prefix to be listed.
func (l *s3Lister) queue(prefix string) {
	l.leaves = append(l.leaves, s3Leaf{prefix: prefix})
}

// children lists prefix with the "/" delimiter: it queues the objects
// directly under prefix and returns the sub-folders (full prefixes).
func (l *s3Lister) children(ctx context.Context, prefix string) ([]string, error) {
	var folders []string
	err := l.list(ctx, prefix, "/", func(o source.Source) {
		l.leaves = append(l.leaves, s3Leaf{object: &o})
	}, func(folder string) {
		folders = append(folders, folder)
	})
	return folders, err
}

// resolve lists the queued prefixes, up to maxS3Listings at a time.
func (l *s3Lister) resolve(ctx context.Context) ([]source.Source, error) {
	found := make([][]source.Source, len(l.leaves))
	errs := make([]error, len(l.leaves))
	sem := make(chan struct{}, maxS3Listings)
	var wg sync.WaitGroup
	for i, leaf := range l.leaves {
		if leaf.object != nil {
			found[i] = []source.Source{*leaf.object}
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = l.list(ctx, leaf.prefix, "", func(o source.Source) { found[i] = append(found[i], o) }, nil)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(found...), nil
}

// list runs one listing over all its pages, handing each object (folder
// markers skipped) and each common prefix to the callbacks.
func (l *s3Lister) list(ctx context.Context, prefix, delimiter string, object func(source.Source), folder func(string)) error {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(l.bucket), Prefix: aws.String(prefix)}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	for {
		out, err := l.client.ListObjectsV2(ctx, in)
		if err != nil {
			return fmt.Errorf("s3 bucket %s: list %q: %w", l.bucket, prefix, err)
		}
		for _, o := range out.Contents {
			key := aws.ToString(o.Key)
			if key != "" && !strings.HasSuffix(key, "/") && l.span.holdsFile(key) {
				object(l.source(key, aws.ToInt64(o.Size)))
			}
		}
		for _, cp := range out.CommonPrefixes {
			folder(aws.ToString(cp.Prefix))
		}
		if !aws.ToBool(out.IsTruncated) || aws.ToString(out.NextContinuationToken) == "" {
			return nil
		}
		in.ContinuationToken = out.NextContinuationToken
	}
}

// source is the Source of one object: Open streams it with GetObject.
func (l *s3Lister) source(key string, size int64) source.Source {
	client, bucket := l.client, l.bucket
	return source.Source{
		Name:   "s3://" + bucket + "/" + key,
		Size:   size,
		Remote: true,
		Open: func(ctx context.Context) (io.ReadCloser, error) {
			out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
			if err != nil {
				return nil, fmt.Errorf("s3 object s3://%s/%s: get: %w", bucket, key, err)
			}
			return out.Body, nil
		},
	}
}
