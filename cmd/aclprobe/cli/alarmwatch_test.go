package cli

import (
	"strings"
	"sync"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// watchAlarms sets each alarm to ALARM while every CIDR it lists is denied,
// OK otherwise, until the returned stop is called.
func (e *blastEnv) watchAlarms(rules map[string][]string) (stop func()) {
	return e.watchDenied(rules, func(alarm string, all bool) {
		e.setAlarm(alarm, map[bool]cwtypes.StateValue{true: cwtypes.StateValueAlarm, false: cwtypes.StateValueOk}[all])
	})
}

// watchDenied polls the ACL every 100ms until the returned stop is called
// and calls set(name, true) when every CIDR rules lists for name is denied,
// set(name, false) when that is no longer so (each starts false).
func (e *blastEnv) watchDenied(rules map[string][]string, set func(name string, all bool)) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		state := map[string]bool{}
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			entries, _ := e.snapshot()
			for name, cidrs := range rules {
				all := true
				for _, c := range cidrs {
					all = all && deniedIn(entries, c)
				}
				if all != state[name] {
					state[name] = all
					set(name, all)
				}
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func deniedIn(entries []string, cidr string) bool {
	for _, x := range entries {
		if strings.Contains(x, " deny ") && strings.HasSuffix(x, " "+cidr) {
			return true
		}
	}
	return false
}
