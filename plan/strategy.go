package plan

import "fmt"

// Strategy modes.
const (
	ModeSequential = "sequential" // one target at a time (the default)
	ModeGroup      = "group"      // group testing: several targets denied together, split when a group breaks
)

// Defaults of the strategy block.
const (
	DefaultMaxGroup       = 8
	DefaultAssumeBreaking = 5.0 // percent
)

// Strategy says how targets are scheduled into windows. In group mode up
// to MaxGroup entries are denied together; a quiet window clears them all
// and a window that breaks is split until each breaking target has been
// denied alone (see run's group scheduler and plans/README.md).
type Strategy struct {
	Mode     string `yaml:"mode,omitempty"`      // sequential (default; also when empty) or group
	MaxGroup int    `yaml:"max_group,omitempty"` // group mode: most entries in place at once (default 8)
	// EndWindowOnBreak ends a window as soon as a failure is confirmed
	// (an alarm out of OK, a probe at its failure_threshold). Default true
	// in group mode, false in sequential mode.
	EndWindowOnBreak *bool `yaml:"end_window_on_break,omitempty"`
	// AssumeBreaking is the share of targets (percent) the preview assumes
	// break, for the expected campaign time (default 5).
	AssumeBreaking float64 `yaml:"assume_breaking,omitempty"`
}

// Group reports whether the plan uses group testing.
func (s Strategy) Group() bool { return s.Mode == ModeGroup }

// EndOnBreak reports whether a window ends at its first confirmed failure.
func (s Strategy) EndOnBreak() bool {
	if s.EndWindowOnBreak != nil {
		return *s.EndWindowOnBreak
	}
	return s.Group()
}

// AssumedBreaking is the share of targets (0..1) the preview's expected
// case assumes break: assume_breaking, or 5%.
func (s Strategy) AssumedBreaking() float64 {
	if s.AssumeBreaking == 0 {
		return DefaultAssumeBreaking / 100
	}
	return s.AssumeBreaking / 100
}

// setDefaults fills max_group in group mode. An empty mode stays empty
// (it means sequential), so that plans written without a strategy block
// are rendered without one.
func (s *Strategy) setDefaults() {
	if s.Mode == ModeGroup && s.MaxGroup == 0 {
		s.MaxGroup = DefaultMaxGroup
	}
}

func validateStrategy(p *Plan, ps *problems) {
	s := p.Strategy
	switch s.Mode {
	case "", ModeSequential:
		if s.MaxGroup != 0 {
			ps.add("strategy.max_group", "applies to mode: group only (sequential mode denies one target at a time)")
		}
	case ModeGroup:
		if s.MaxGroup < 2 || s.MaxGroup > MaxEntriesLimit {
			ps.add("strategy.max_group", "%d: use 2..%d (the entries in place at once)", s.MaxGroup, MaxEntriesLimit)
			break
		}
		if s.MaxGroup > p.Deny.MaxEntries {
			ps.add("strategy.max_group", "%d exceeds deny.max_entries %d", s.MaxGroup, p.Deny.MaxEntries)
		}
		for i, t := range p.Targets {
			if n := len(t.Members()); n > s.MaxGroup {
				ps.add(fmt.Sprintf("targets[%d].cidrs", i), "%d CIDRs: more than strategy.max_group %d, so they could never be in place together", n, s.MaxGroup)
			}
		}
	default:
		ps.add("strategy.mode", "%q: use sequential or group", s.Mode)
	}
	if s.AssumeBreaking < 0 || s.AssumeBreaking > 100 {
		ps.add("strategy.assume_breaking", "%g: a percentage, 0..100", s.AssumeBreaking)
	}
}
