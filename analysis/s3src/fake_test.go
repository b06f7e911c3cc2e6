package s3src

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// fakeS3 is an in-memory bucket store with S3's listing semantics: keys in
// byte order, Prefix and Delimiter roll-up, pages of PageSize entries (keys
// and common prefixes both count) resumed by an opaque continuation token.
// It records every listing so tests can prove what was (not) listed.
type fakeS3 struct {
	PageSize int // default 1000, like S3
	ListErr  error

	mu      sync.Mutex
	buckets map[string]map[string][]byte
	Lists   []string // "prefix|delimiter" of every ListObjectsV2 call
}

func newFakeS3(bucket string, keys ...string) *fakeS3 {
	f := &fakeS3{buckets: map[string]map[string][]byte{bucket: {}}}
	for _, k := range keys {
		f.buckets[bucket][k] = []byte("body of " + k)
	}
	return f
}

func (f *fakeS3) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	prefix, delim := aws.ToString(in.Prefix), aws.ToString(in.Delimiter)
	f.Lists = append(f.Lists, prefix+"|"+delim)
	if f.ListErr != nil {
		return nil, f.ListErr
	}
	objs, ok := f.buckets[aws.ToString(in.Bucket)]
	if !ok {
		return nil, &types.NoSuchBucket{Message: aws.String("The specified bucket does not exist")}
	}
	keys := make([]string, 0, len(objs))
	for k := range objs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	token, last := aws.ToString(in.ContinuationToken), ""
	size := f.PageSize
	if size == 0 {
		size = 1000
	}
	out := &s3.ListObjectsV2Output{Prefix: in.Prefix, Delimiter: in.Delimiter}
	lastCP, n := "", 0
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) || resumed(k, token, delim) {
			continue
		}
		entry, isCP := k, false
		if i := strings.Index(k[len(prefix):], delim); delim != "" && i >= 0 {
			entry, isCP = k[:len(prefix)+i+len(delim)], true
			if entry == lastCP {
				continue
			}
		}
		if n == size {
			out.IsTruncated = aws.Bool(true)
			out.NextContinuationToken = aws.String(last)
			return out, nil
		}
		n++
		last = entry
		if isCP {
			lastCP = entry
			out.CommonPrefixes = append(out.CommonPrefixes, types.CommonPrefix{Prefix: aws.String(entry)})
			continue
		}
		out.Contents = append(out.Contents, types.Object{Key: aws.String(k), Size: aws.Int64(int64(len(objs[k])))})
	}
	out.IsTruncated = aws.Bool(false)
	return out, nil
}

func (f *fakeS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	objs, ok := f.buckets[aws.ToString(in.Bucket)]
	if !ok {
		return nil, &types.NoSuchBucket{Message: aws.String("The specified bucket does not exist")}
	}
	b, ok := objs[aws.ToString(in.Key)]
	if !ok {
		return nil, &types.NoSuchKey{Message: aws.String(fmt.Sprintf("no key %q", aws.ToString(in.Key)))}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b)), ContentLength: aws.Int64(int64(len(b)))}, nil
}

// resumed reports whether key was already returned before token (the last
// key or common prefix of the previous page).
func resumed(key, token, delim string) bool {
	if token == "" {
		return false
	}
	return key <= token || delim != "" && strings.HasSuffix(token, delim) && strings.HasPrefix(key, token)
}
