// Package acltest is an in-memory EC2 (network ACLs, VPCs, tags) and STS
// that enforce the AWS rules aclprobe depends on: rule-number clashes,
// the per-direction entry quota, NotFound errors, DryRun, conditional tag
// deletion. Hook fields inject throttling and failures by operation, and
// a moto mode reproduces the emulator's quirks (DryRun ignored on entries,
// a 500 on deleting a missing entry, no quota, no rule-number range check,
// InvalidRouteTableID.NotFound for a missing ACL). One contract suite
// (contract_test.go) runs the same behaviours against the fake, its moto
// mode and moto_server itself, so neither mode can drift unnoticed.
package acltest
