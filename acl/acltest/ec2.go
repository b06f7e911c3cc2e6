package acltest

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// Operation names, as used by hooks and the call log.
const (
	OpDescribeNetworkAcls   = "DescribeNetworkAcls"
	OpCreateNetworkAclEntry = "CreateNetworkAclEntry"
	OpDeleteNetworkAclEntry = "DeleteNetworkAclEntry"
	OpCreateTags            = "CreateTags"
	OpDeleteTags            = "DeleteTags"
	OpDescribeVpcs          = "DescribeVpcs"
	OpDescribeSubnets       = "DescribeSubnets"
)

// DefaultQuota is AWS's default number of entries per direction.
const DefaultQuota = 20

// EC2 is the in-memory fake. The zero value is not usable: call NewEC2.
type EC2 struct {
	mu   sync.Mutex
	acls map[string]*ACL
	vpcs map[string]map[string]string // vpc id -> tags
	subs map[string]Subnet            // subnet id -> subnet

	// Quota is the entries-per-direction limit (rule numbers below 32767;
	// the default entries do not count). 0 means DefaultQuota. MotoMode
	// has no quota.
	Quota int
	// MotoMode reproduces moto 5.2.1's network ACL quirks: DryRun is
	// ignored (the call really happens), deleting a missing entry answers
	// a 500, there is no entry quota, rule numbers are not range-checked,
	// and describing a missing ACL answers InvalidRouteTableID.NotFound.
	// The contract suite (contract_test.go) holds it to moto itself.
	MotoMode bool
	// Before, when set, runs before every call (with the lock released);
	// a non-nil error is returned instead of the call. Use it to inject
	// throttling or failures; see FailTimes.
	Before func(op string, in any) error
	// After, when set, runs after every successful call (lock released),
	// for example to change the ACL behind the run's back.
	After func(op string, in any)
	// LoseAnswer, when set, runs after every successful call; a non-nil
	// error is returned although the call took effect (a timeout or a
	// 5xx after the change was made).
	LoseAnswer func(op string, in any) error

	calls []string
}

// ACL is one network ACL's state.
type ACL struct {
	ID, VPC string
	Entries []types.NetworkAclEntry
	Tags    map[string]string
	Subnets []string
}

// NewEC2 returns an empty fake.
func NewEC2() *EC2 {
	return &EC2{acls: map[string]*ACL{}, vpcs: map[string]map[string]string{}, subs: map[string]Subnet{}}
}

// Subnet is one subnet of the fake: its VPC, IPv4 CIDR ("" for an
// IPv6-only subnet) and associated IPv6 CIDRs.
type Subnet struct {
	ID, VPC string
	CIDR    string
	IPv6    []string
}

// AddSubnet adds (or replaces) a subnet. Associating it with an ACL is
// AddACL's subnets argument.
func (f *EC2) AddSubnet(s Subnet) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s.IPv6 = append([]string(nil), s.IPv6...)
	f.subs[s.ID] = s
}

// APIError builds an error as the SDK returns it.
func APIError(code, msg string) error {
	return &smithy.GenericAPIError{Code: code, Message: msg, Fault: smithy.FaultClient}
}

// Throttled is the error AWS returns when the request rate is too high.
var Throttled = &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "Request limit exceeded.", Fault: smithy.FaultServer}

// ServerError is a 5xx.
var ServerError = &smithy.GenericAPIError{Code: "InternalError", Message: "An internal error has occurred", Fault: smithy.FaultServer}

// AddVPC adds a VPC with tags.
func (f *EC2) AddVPC(id string, tags map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.vpcs[id] = copyTags(tags)
}

// AddACL adds a network ACL with the default deny entries (32767, both
// directions) plus entries.
func (f *EC2) AddACL(id, vpc string, tags map[string]string, subnets []string, entries ...types.NetworkAclEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := &ACL{ID: id, VPC: vpc, Tags: copyTags(tags), Subnets: append([]string(nil), subnets...)}
	for _, eg := range []bool{true, false} {
		a.Entries = append(a.Entries, types.NetworkAclEntry{RuleNumber: aws.Int32(32767), Egress: aws.Bool(eg),
			Protocol: aws.String("-1"), RuleAction: types.RuleActionDeny, CidrBlock: aws.String("0.0.0.0/0")})
	}
	a.Entries = append(a.Entries, entries...)
	f.acls[id] = a
}

// Entry builds an entry for AddACL or PutEntry.
func Entry(rule int, egress bool, action, protocol, cidr string) types.NetworkAclEntry {
	e := types.NetworkAclEntry{RuleNumber: aws.Int32(int32(rule)), Egress: aws.Bool(egress),
		RuleAction: types.RuleAction(action), Protocol: aws.String(protocol), CidrBlock: aws.String(cidr)}
	if protocol == "6" || protocol == "17" {
		e.PortRange = &types.PortRange{From: aws.Int32(0), To: aws.Int32(65535)}
	}
	return e
}

// PutEntry adds or replaces an entry directly (someone else changing the
// ACL), bypassing hooks and rules.
func (f *EC2) PutEntry(aclID string, e types.NetworkAclEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.acls[aclID]
	if i := a.find(int(*e.RuleNumber), *e.Egress); i >= 0 {
		a.Entries[i] = e
		return
	}
	a.Entries = append(a.Entries, e)
}

// DeleteACL removes a network ACL and its entries (someone tearing the
// staging VPC down during a run), bypassing hooks.
func (f *EC2) DeleteACL(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.acls, id)
}

// ACL returns a copy of an ACL's state (nil if absent), entries sorted.
func (f *EC2) ACL(id string) *ACL {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.acls[id]
	if !ok {
		return nil
	}
	c := a.copy()
	sort.Slice(c.Entries, func(i, j int) bool {
		if *c.Entries[i].Egress != *c.Entries[j].Egress {
			return *c.Entries[i].Egress
		}
		return *c.Entries[i].RuleNumber < *c.Entries[j].RuleNumber
	})
	return c
}

// Calls returns the operations called so far, in order.
func (f *EC2) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// FailTimes returns a Before hook that fails op n times with err, then
// lets it through (other operations always pass).
func FailTimes(op string, n int, err error) func(string, any) error {
	var mu sync.Mutex
	return func(o string, _ any) error {
		mu.Lock()
		defer mu.Unlock()
		if o == op && n > 0 {
			n--
			return err
		}
		return nil
	}
}

func (f *EC2) enter(ctx context.Context, op string, in any) error {
	f.mu.Lock()
	f.calls = append(f.calls, op)
	hook := f.Before
	f.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if hook != nil {
		return hook(op, in)
	}
	return nil
}

func (f *EC2) leave(op string, in any) error {
	f.mu.Lock()
	hook, lose := f.After, f.LoseAnswer
	f.mu.Unlock()
	if hook != nil {
		hook(op, in)
	}
	if lose != nil {
		return lose(op, in)
	}
	return nil
}

func (a *ACL) find(rule int, egress bool) int {
	for i, e := range a.Entries {
		if int(*e.RuleNumber) == rule && *e.Egress == egress {
			return i
		}
	}
	return -1
}

func (a *ACL) copy() *ACL {
	c := &ACL{ID: a.ID, VPC: a.VPC, Tags: copyTags(a.Tags), Subnets: append([]string(nil), a.Subnets...)}
	c.Entries = append(c.Entries, a.Entries...)
	return c
}

func copyTags(t map[string]string) map[string]string {
	c := map[string]string{}
	for k, v := range t {
		c[k] = v
	}
	return c
}

func notFoundACL(id string) error {
	return APIError("InvalidNetworkAclID.NotFound", fmt.Sprintf("The networkAcl ID '%s' does not exist", id))
}
