// Package acltest is an in-memory EC2 (network ACLs, VPCs, tags) and STS
// that enforce the AWS rules aclprobe depends on: rule-number clashes,
// the per-direction entry quota, NotFound errors, DryRun, conditional tag
// deletion. Hook fields inject throttling and failures by operation, and
// a moto mode reproduces the emulator's quirks (DryRun ignored, a 500 on
// deleting a missing entry).
package acltest
