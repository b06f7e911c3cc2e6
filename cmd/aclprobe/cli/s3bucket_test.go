package cli

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// motoBucket creates a uniquely named bucket (prefix-<nanoseconds>) in
// moto holding objects (key -> body) and deletes both when the test ends.
// Call testenv.MotoURL first.
func motoBucket(t *testing.T, prefix string, objects map[string][]byte) string {
	t.Helper()
	ctx := context.Background()
	client := s3.NewFromConfig(testenv.Config(t), func(o *s3.Options) { o.UsePathStyle = true })
	bucket := fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
	t.Cleanup(func() {
		for key := range objects {
			client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		}
		client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})
	for key, body := range objects {
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
	}
	return bucket
}
