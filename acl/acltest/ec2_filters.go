package acltest

import (
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// aclFilters are the DescribeNetworkAcls filters the fake applies, each
// giving an ACL's values for the filter name. Any other name is refused
// rather than silently ignored, so a test cannot pass on a filter the fake
// does not apply.
var aclFilters = map[string]func(a *ACL) []string{
	"network-acl-id":        func(a *ACL) []string { return []string{a.ID} },
	"vpc-id":                func(a *ACL) []string { return []string{a.VPC} },
	"association.subnet-id": func(a *ACL) []string { return a.Subnets },
}

func checkFilters(fs []types.Filter) error {
	for _, f := range fs {
		if _, ok := aclFilters[aws.ToString(f.Name)]; !ok {
			return APIError("InvalidParameterValue", fmt.Sprintf("The filter '%s' is invalid (acltest applies only network-acl-id, vpc-id and association.subnet-id)", aws.ToString(f.Name)))
		}
	}
	return nil
}

// matches reports whether a has, for every filter, a value among the
// filter's values (the filters' names were checked by checkFilters).
func (a *ACL) matches(fs []types.Filter) bool {
	for _, f := range fs {
		values := aclFilters[aws.ToString(f.Name)](a)
		if !slices.ContainsFunc(values, func(v string) bool { return slices.Contains(f.Values, v) }) {
			return false
		}
	}
	return true
}
