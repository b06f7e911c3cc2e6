package cli

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
)

// recoverOptions are recover's options on a's EC2 fake, output in buffers.
func (a *fakeAWS) recoverOptions(force, dryRun bool) (*RecoverOptions, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&errOut, nil))
	return &RecoverOptions{
		IO:    &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Log:   func() *slog.Logger { return logger },
		AWS:   &AWSConfig{Region: "eu-west-1"},
		EC2:   func(context.Context) (acl.EC2API, error) { return a.ec2, nil },
		ACL:   fakeACL,
		Force: force, DryRun: dryRun,
	}, &out, &errOut
}

// TestRecoverUnreadableLease: a lease tag recover cannot read may be a
// newer aclprobe's lease of a live run, so recover refuses it without
// --force and changes nothing; --dry-run says so; --force releases it.
func TestRecoverUnreadableLease(t *testing.T) {
	a := newFakeAWS()
	_, err := a.ec2.CreateTags(context.Background(), &ec2.CreateTagsInput{
		Resources: []string{fakeACL},
		Tags:      []ec2types.Tag{{Key: aws.String(acl.LeaseTag), Value: aws.String("v9;something-new")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries, _ := a.state()

	o, _, _ := a.recoverOptions(false, false)
	err = runRecover(context.Background(), o)
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitFailure || !strings.Contains(err.Error(), "unreadable") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("recover without --force: err = %v, want exit 1 naming the unreadable lease and --force", err)
	}
	entries, tags := a.state()
	if tags[acl.LeaseTag] != "v9;something-new" || strings.Join(entries, "\n") != strings.Join(wantEntries, "\n") {
		t.Fatalf("refused recover changed the ACL: entries %v, tags %v", entries, tags)
	}

	o, _, errOut := a.recoverOptions(false, true)
	if err := runRecover(context.Background(), o); err != nil {
		t.Fatalf("recover --dry-run: %v", err)
	}
	if !strings.Contains(errOut.String(), "without --force recover would refuse") {
		t.Errorf("recover --dry-run stderr does not say it would refuse:\n%s", errOut)
	}

	o, _, _ = a.recoverOptions(true, false)
	if err := runRecover(context.Background(), o); err != nil {
		t.Fatalf("recover --force: %v", err)
	}
	if _, tags := a.state(); tags[acl.LeaseTag] != "" {
		t.Errorf("recover --force left the lease tag: %v", tags)
	}
}
