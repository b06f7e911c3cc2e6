package acltest_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/aclprobe/aclprobe/acl"
)

// harness runs one contract case against one backend's fresh world.
type harness struct {
	t   *testing.T
	ctx context.Context
	api acl.EC2API
	w   world
	q   quirks
}

// spec is an entry to create, with the full identity the contract checks.
type spec struct {
	rule     int
	egress   bool
	action   types.RuleAction
	protocol string
	cidr     string
	from, to int32 // a port range when to > 0
}

// String is the entry's identity, in the same form as identity.
func (s spec) String() string {
	ports := ""
	if s.to > 0 {
		ports = fmt.Sprintf(" %d-%d", s.from, s.to)
	}
	return fmt.Sprintf("%s %d %s %s %s%s", direction(s.egress), s.rule, s.action, s.protocol, s.cidr, ports)
}

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// identity renders an entry as the API describes it.
func identity(e types.NetworkAclEntry) string {
	ports := ""
	if e.PortRange != nil {
		ports = fmt.Sprintf(" %d-%d", aws.ToInt32(e.PortRange.From), aws.ToInt32(e.PortRange.To))
	}
	return fmt.Sprintf("%s %d %s %s %s%s", direction(aws.ToBool(e.Egress)), aws.ToInt32(e.RuleNumber), e.RuleAction,
		aws.ToString(e.Protocol), aws.ToString(e.CidrBlock), ports)
}

func (h *harness) create(s spec, dryRun bool) error {
	in := &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(h.w.ACL), RuleNumber: aws.Int32(int32(s.rule)),
		Egress: aws.Bool(s.egress), RuleAction: s.action, Protocol: aws.String(s.protocol), CidrBlock: aws.String(s.cidr)}
	if s.to > 0 {
		in.PortRange = &types.PortRange{From: aws.Int32(s.from), To: aws.Int32(s.to)}
	}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	_, err := h.api.CreateNetworkAclEntry(h.ctx, in)
	return err
}

// mustCreate creates entries that the case needs in place.
func (h *harness) mustCreate(specs ...spec) {
	h.t.Helper()
	for _, s := range specs {
		if err := h.create(s, false); err != nil {
			h.t.Fatalf("create %s: %v", s, err)
		}
	}
}

func (h *harness) delete(rule int, egress, dryRun bool) error {
	in := &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(h.w.ACL), RuleNumber: aws.Int32(int32(rule)), Egress: aws.Bool(egress)}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	_, err := h.api.DeleteNetworkAclEntry(h.ctx, in)
	return err
}

// describe returns the world's ACL as DescribeNetworkAcls answers it.
func (h *harness) describe() types.NetworkAcl {
	h.t.Helper()
	out, err := h.api.DescribeNetworkAcls(h.ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{h.w.ACL}})
	if err != nil {
		h.t.Fatalf("describe %s: %v", h.w.ACL, err)
	}
	if len(out.NetworkAcls) != 1 || aws.ToString(out.NetworkAcls[0].NetworkAclId) != h.w.ACL {
		h.t.Fatalf("describe %s returned %d ACLs: %+v", h.w.ACL, len(out.NetworkAcls), out.NetworkAcls)
	}
	return out.NetworkAcls[0]
}

// entries returns the identities of the ACL's entries, sorted; without
// the default deny-all entries (rule 32767) unless all is set.
func (h *harness) entries(all bool) []string {
	h.t.Helper()
	var out []string
	for _, e := range h.describe().Entries {
		if all || aws.ToInt32(e.RuleNumber) != 32767 {
			out = append(out, identity(e))
		}
	}
	slices.Sort(out)
	return out
}

// wantEntries fails the case unless the ACL holds exactly want (besides
// the default entries).
func (h *harness) wantEntries(want ...spec) {
	h.t.Helper()
	var ws []string
	for _, s := range want {
		ws = append(ws, s.String())
	}
	slices.Sort(ws)
	if got := h.entries(false); !slices.Equal(got, ws) {
		h.t.Fatalf("entries:\n got %q\nwant %q", got, ws)
	}
}

func (h *harness) tags(id string, create map[string]string) {
	h.t.Helper()
	if _, err := h.api.CreateTags(h.ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: sdkTags(create)}); err != nil {
		h.t.Fatalf("create tags on %s: %v", id, err)
	}
}

// untag deletes key from id: only when its value is value, or whatever
// its value when value is nil.
func (h *harness) untag(id, key string, value *string) {
	h.t.Helper()
	in := &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String(key), Value: value}}}
	if _, err := h.api.DeleteTags(h.ctx, in); err != nil {
		h.t.Fatalf("delete tag %s from %s: %v", key, id, err)
	}
}

func tagMap(ts []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range ts {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

func (h *harness) wantTags(what string, got, want map[string]string) {
	h.t.Helper()
	if !maps.Equal(got, want) {
		h.t.Fatalf("%s tags = %v, want %v", what, got, want)
	}
}

// wantCode fails the case unless err is an API error with code.
func (h *harness) wantCode(what string, err error, code string) {
	h.t.Helper()
	if got := acl.ErrorCode(err); got != code {
		h.t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

// wantNoErr fails the case when err is not nil.
func (h *harness) wantNoErr(what string, err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatalf("%s: %v", what, err)
	}
}

// httpStatus returns the HTTP status code of a failed call (0 if none).
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
