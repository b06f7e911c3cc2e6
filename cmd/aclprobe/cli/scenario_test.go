package cli

import (
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// scenario is one case of a suite that drives the binary against moto.
type scenario struct {
	name string
	test func(t *testing.T, e *blastEnv)
}

// runScenarios builds the binary once and runs each scenario as a
// parallel subtest in its own new staging env.
func runScenarios(t *testing.T, scenarios ...scenario) {
	t.Helper()
	testenv.MotoURL(t)
	aclprobeBinary(t)
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.test(t, newStagingEnv(t))
		})
	}
}
