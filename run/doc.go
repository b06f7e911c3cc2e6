// Package run owns the blast test itself: it walks a plan's targets one at
// a time, asking acl to add and remove each deny entry and probe to watch
// alarms and checks, decides each target's verdict, undoes every change on
// every exit path, and writes results.json (the contract for automation).
package run
