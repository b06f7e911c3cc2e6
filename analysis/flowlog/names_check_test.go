package flowlog

import (
	"strings"
	"testing"
)

func TestCheckFields(t *testing.T) {
	if err := CheckFields([]string{"srcaddr", "dst_addr"}); err == nil || !strings.Contains(err.Error(), "did you mean dstaddr?") {
		t.Errorf("err = %v, want did you mean dstaddr?", err)
	}
	if err := CheckFields([]string{"srcaddr", "resource-id"}); err != nil {
		t.Errorf("a newer field: %v", err)
	}
}
