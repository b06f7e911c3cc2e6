package acl

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// productionWords are tag-value words that mean production. A value
// is split into words on anything that is not a letter or a digit, so
// "Production", "eu-prod-1" and "PRD" all refuse, "product-catalog" and
// "nonprod" do not.
var productionWords = map[string]bool{"prod": true, "production": true, "prd": true}

// ProductionTag returns the first tag (by key) whose value says
// production, and whether there is one. aclprobe's own lease tag is not
// an environment label (its owner may be alice@prod-bastion) and is
// skipped when it parses as a lease.
func ProductionTag(tags map[string]string) (key, value string, ok bool) {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		if k == LeaseTag {
			if _, err := ParseLease("", tags[k]); err == nil {
				continue
			}
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		words := strings.FieldsFunc(strings.ToLower(tags[k]), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		for _, w := range words {
			if productionWords[w] {
				return k, tags[k], true
			}
		}
	}
	return "", "", false
}

// CheckProduction refuses a resource whose tags say production.
func CheckProduction(resource string, tags map[string]string) error {
	if k, v, ok := ProductionTag(tags); ok {
		return fmt.Errorf("%s: tag %s=%q: %w", resource, k, v, ErrProduction)
	}
	return nil
}

// MissingTags lists the required tags that are absent or have another
// value ("Environment=staging (has \"dev\")"), sorted.
func MissingTags(tags, required map[string]string) []string {
	var miss []string
	for k, want := range required {
		got, ok := tags[k]
		switch {
		case !ok:
			miss = append(miss, fmt.Sprintf("%s=%s (absent)", k, want))
		case got != want:
			miss = append(miss, fmt.Sprintf("%s=%s (has %q)", k, want, got))
		}
	}
	sort.Strings(miss)
	return miss
}
