// Package probetest holds realistic in-memory fakes for the probe
// package's AWS dependencies: a CloudWatch that stores metric and composite
// alarms with settable states, pages its answers like the real API and can
// be told to fail.
package probetest
