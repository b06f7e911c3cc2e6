package acl

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// MaxTagValue is the longest tag value EC2 accepts (characters).
const MaxTagValue = 256

// leaseContinuation is the key of the n-th (n >= 2) tag of a lease value
// too long for one tag: aclprobe:lease:2, aclprobe:lease:3, ...
func leaseContinuation(n int) string { return fmt.Sprintf("%s:%d", LeaseTag, n) }

// LeaseTags splits a lease value into the tags that store it: the value's
// fields packed, in order, into values of at most MaxTagValue characters,
// under LeaseTag, then aclprobe:lease:2, aclprobe:lease:3 and so on. A
// lease with one entry in place fits in the one LeaseTag tag. An empty
// value has no tags.
func LeaseTags(value string) []types.Tag {
	var tags []types.Tag
	var cur string
	flush := func() {
		key := LeaseTag
		if len(tags) > 0 {
			key = leaseContinuation(len(tags) + 1)
		}
		tags = append(tags, types.Tag{Key: aws.String(key), Value: aws.String(cur)})
	}
	for _, f := range strings.Fields(value) {
		if cur != "" && len(cur)+1+len(f) > MaxTagValue {
			flush()
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += f
	}
	if cur != "" {
		flush()
	}
	return tags
}

// LeaseValue joins the lease tags among tags back into the lease's value;
// ok is false when there is no LeaseTag tag.
func LeaseValue(tags map[string]string) (value string, ok bool) {
	value, ok = tags[LeaseTag]
	if !ok {
		return "", false
	}
	for n := 2; ; n++ {
		part, more := tags[leaseContinuation(n)]
		if !more {
			return value, true
		}
		value += " " + part
	}
}
