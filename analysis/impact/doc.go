// Package impact answers "would blocking these CIDRs cut any observed
// traffic": it widens a Query to the flows touching the blocked prefixes
// (Query), folds the engine's rows into flows with the blocked side named
// (Fold), labels them (Annotate) and renders the verdict with its evidence
// (Write, WriteEvidence) in the output formats of package render.
package impact
