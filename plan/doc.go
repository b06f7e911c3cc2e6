// Package plan owns the YAML test plan: its schema (apiVersion aclprobe/v1),
// strict parsing with file:line:column errors, semantic validation,
// generation from flow log top talkers, and the preview of exactly what a
// run will change. It never talks to AWS itself.
package plan
