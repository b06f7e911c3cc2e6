package run

import (
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

// Outcomes of a run.
const (
	OutcomeCompleted   = "completed"   // every target was tried (Leftovers says if a change could not be undone)
	OutcomeStopped     = "stopped"     // a stop alarm, max duration, drift or a failed recovery ended it early
	OutcomeInterrupted = "interrupted" // SIGINT/SIGTERM ended it (after rollback)
	OutcomeFailed      = "failed"      // an error ended it
)

// Verdicts for one target.
const (
	VerdictBroke        = "broke"
	VerdictNoImpact     = "no-impact"
	VerdictInconclusive = "inconclusive"
)

// ResultsSchemaVersion is bumped on any incompatible change to Results.
const ResultsSchemaVersion = 1

// Results is results.json: the stable contract for automation. Durations
// are seconds (float). Times are RFC 3339 UTC.
type Results struct {
	SchemaVersion int            `json:"schema_version"`
	RunID         string         `json:"run_id"`
	Plan          PlanRef        `json:"plan"`
	Account       string         `json:"account"`
	Region        string         `json:"region"`
	ACL           string         `json:"acl"`
	Direction     string         `json:"direction"` // egress or ingress
	StartedAt     time.Time      `json:"started_at"`
	EndedAt       time.Time      `json:"ended_at"`
	Outcome       string         `json:"outcome"`
	Reason        string         `json:"reason,omitempty"` // why stopped, interrupted or failed
	Watched       Watched        `json:"watched"`
	Checks        []Check        `json:"checks,omitempty"`   // preflight checks, in order
	Baseline      []Sample       `json:"baseline,omitempty"` // probe baseline samples before the first change
	Targets       []TargetResult `json:"targets"`
	Steps         []StepResult   `json:"steps"`     // every window, in order
	Leftovers     []Leftover     `json:"leftovers"` // changes that could not be undone; should be empty
}

// PlanRef identifies the plan a run executed.
type PlanRef struct {
	Path   string `json:"path"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Watched lists what the run observed.
type Watched struct {
	Alarms     []string `json:"alarms"`      // resolved alarm names (names and prefixes)
	StopAlarms []string `json:"stop_alarms"` // stop alarm names
	Probes     []string `json:"probes"`      // probe names
}

// TargetResult is the verdict and evidence for one target. Every key is
// always present (null when it does not apply: a target never denied has
// no applied_at; rule_number is the one chosen, 0 when none could be).
type TargetResult struct {
	CIDR        string         `json:"cidr"`            // the first member of a service target
	CIDRs       []string       `json:"cidrs,omitempty"` // a service target's members, denied together
	Label       string         `json:"label"`
	Evidence    *plan.Evidence `json:"evidence,omitempty"` // copied from the plan
	Verdict     string         `json:"verdict"`
	Reason      string         `json:"reason,omitempty"` // why inconclusive, or a note
	BrokenBy    []Break        `json:"broken_by"`
	RuleNumber  int            `json:"rule_number"`
	RuleNumbers []int          `json:"rule_numbers,omitempty"` // a service target's, one per member
	// Step is the 1-based window (see Results.Steps) that established the
	// verdict, in which the target was denied alone or with DeniedWith,
	// the other targets' CIDRs (group mode), all proven clean by it.
	Step           int        `json:"step,omitempty"`
	DeniedWith     []string   `json:"denied_with,omitempty"`
	AppliedAt      *time.Time `json:"applied_at"`
	RemovedAt      *time.Time `json:"removed_at"`
	RecoveredAfter *float64   `json:"recovered_after"` // seconds from removal to healthy
	WindowSeconds  float64    `json:"window_seconds"`
	// CouldDetect are the watched checks that could have failed within the
	// window (their time to fail is at most window_seconds); a quiet
	// window is no-impact only when it is not empty.
	CouldDetect []Detect `json:"could_detect"`
	// Path is the target's observed sources against the ACL's subnets;
	// absent when the plan has no flow log evidence for it.
	Path     *PathResult `json:"path,omitempty"`
	Timeline []Sample    `json:"timeline"` // every alarm state and probe sample during window and recovery
}

// Detect is one watched check that could fail within the window.
type Detect struct {
	Kind  string  `json:"kind"` // alarm or probe
	Name  string  `json:"name"`
	Needs float64 `json:"needs"` // seconds from a break to the check failing, at the soonest
	How   string  `json:"how,omitempty"`
}

// PathResult is a target's observed sources (plan evidence) against the
// ACL's associated subnets.
type PathResult struct {
	Sources   []string `json:"sources"`
	Covered   []string `json:"covered"`   // "10.0.1.5 (subnet-a)"
	Uncovered []string `json:"uncovered"` // not in any associated subnet
}

// Outcomes of one window (StepResult.Outcome).
const (
	StepClean        = "clean"        // nothing failed: every target denied in it has no impact
	StepBroke        = "broke"        // something failed while its entries were in place
	StepInconclusive = "inconclusive" // neither: see its reason
)

// StepResult is one window: the entries denied together, when, and what
// it saw. In sequential mode every target is one step; in group mode a
// step may deny several targets (and a target may be in several steps).
type StepResult struct {
	CIDRs     []string   `json:"cidrs"`
	Targets   []int      `json:"targets"` // 1-based numbers of the targets denied
	AppliedAt *time.Time `json:"applied_at"`
	RemovedAt *time.Time `json:"removed_at"`
	Outcome   string     `json:"outcome"` // clean, broke or inconclusive
	BrokenBy  []Break    `json:"broken_by"`
	Reason    string     `json:"reason,omitempty"`
}

// Break is one thing that failed while a target was denied.
type Break struct {
	Kind           string    `json:"kind"` // alarm or probe
	Name           string    `json:"name"`
	FirstFailureAt time.Time `json:"first_failure_at"`
	DetectedAfter  float64   `json:"detected_after"` // seconds from deny to first failure
	Detail         string    `json:"detail,omitempty"`
}

// Sample is one observation of an alarm or probe.
type Sample struct {
	At        time.Time `json:"at"`
	Phase     string    `json:"phase"` // baseline (just before the deny), window, recovery
	Kind      string    `json:"kind"`  // alarm or probe
	Name      string    `json:"name"`
	OK        bool      `json:"ok"`
	State     string    `json:"state,omitempty"` // alarm state (OK, ALARM, INSUFFICIENT_DATA)
	LatencyMS float64   `json:"latency_ms,omitempty"`
	Error     string    `json:"error,omitempty"`
	Stop      bool      `json:"stop,omitempty"` // a stop alarm (any in ALARM stops the run)
}

// Check is one preflight check's outcome.
type Check struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Warning bool   `json:"warning,omitempty"` // passed, but the detail warns
	Detail  string `json:"detail,omitempty"`
}

// Kinds of leftovers.
const (
	LeftoverDenyEntry = "deny-entry" // a deny entry still on the ACL: traffic is still blocked
	LeftoverLeaseTag  = "lease-tag"  // the lease tag still on the ACL: other runs are refused until it expires
)

// Leftover is a change aclprobe made and could not undo. RuleNumber,
// Egress and CIDR describe a deny entry; Tag, TagValue and Expires a
// lease tag.
type Leftover struct {
	Kind       string     `json:"kind"` // deny-entry or lease-tag (results written before kind existed: deny-entry)
	ACL        string     `json:"acl"`
	RuleNumber int        `json:"rule_number"`
	Egress     bool       `json:"egress"`
	CIDR       string     `json:"cidr"`
	Tag        string     `json:"tag,omitempty"`       // the lease tag's key
	TagValue   string     `json:"tag_value,omitempty"` // the lease tag's value as this run wrote it
	Expires    *time.Time `json:"expires,omitempty"`   // when the lease stops refusing other runs
	Command    string     `json:"command"`             // the command that removes it (aws CLI, or aclprobe recover)
}

// LeaseTag reports whether l is a lease tag (else a deny entry).
func (l Leftover) LeaseTag() bool { return l.Kind == LeftoverLeaseTag }

// Describe says what is left, for humans.
func (l Leftover) Describe() string {
	if l.LeaseTag() {
		d := fmt.Sprintf("lease tag %s on %s", l.Tag, l.ACL)
		if l.Expires != nil {
			d += fmt.Sprintf(" (other runs are refused until %s)", l.Expires.UTC().Format(time.RFC3339))
		}
		return d
	}
	dir := "ingress"
	if l.Egress {
		dir = "egress"
	}
	return fmt.Sprintf("deny entry %d %s %s on %s", l.RuleNumber, dir, l.CIDR, l.ACL)
}
