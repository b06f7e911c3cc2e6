package acl

import (
	"errors"
	"reflect"
	"testing"
)

func TestCheckProduction(t *testing.T) {
	tests := []struct {
		name string
		tags map[string]string
		want bool
	}{
		{"staging", map[string]string{"Environment": "staging"}, false},
		{"production", map[string]string{"Environment": "Production"}, true},
		{"prod upper", map[string]string{"env": "PROD"}, true},
		{"prd", map[string]string{"stage": "prd"}, true},
		{"word inside a name", map[string]string{"Name": "eu-prod-1"}, true},
		{"any tag, not only Environment", map[string]string{"Environment": "staging", "Owner": "prod"}, true},
		{"product is not prod", map[string]string{"Name": "product-catalog"}, false},
		{"nonprod is not prod", map[string]string{"Name": "nonprod"}, false},
		{"key named prod with harmless value", map[string]string{"prod": "no"}, false},
		{"no tags", nil, false},
		{"aclprobe's lease of an SRE on a prod-named host", map[string]string{LeaseTag: "run=r1 owner=alice@prod-bastion expires=2026-11-21T21:00:00Z"}, false},
		{"a lease does not hide another tag", map[string]string{LeaseTag: "run=r1 owner=a@h expires=2026-11-21T21:00:00Z", "Environment": "production"}, true},
		{"a lease tag that is not a lease counts", map[string]string{LeaseTag: "prod"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckProduction("acl acl-1", tc.tags)
			if got := errors.Is(err, ErrProduction); got != tc.want {
				t.Fatalf("CheckProduction(%v) = %v, want refused=%v", tc.tags, err, tc.want)
			}
		})
	}
}

func TestMissingTags(t *testing.T) {
	got := MissingTags(map[string]string{"Environment": "dev"}, map[string]string{"Environment": "staging", "Team": "sre"})
	want := []string{`Environment=staging (has "dev")`, "Team=sre (absent)"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MissingTags = %q, want %q", got, want)
	}
}
