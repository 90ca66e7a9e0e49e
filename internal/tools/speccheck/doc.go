// Package speccheck holds no code: its tests check devicecode's contracts in
// specs/ — against the upstream vendor specs and captures, against the
// generated clients in gen/, and for the provenance each SOURCE.md records.
// They parse OpenAPI with kin-openapi, the generator's own parser, which is
// why they live in this nested tools module and not beside specs/: the root
// module, which integrators require, keeps kin-openapi out of its go.mod.
package speccheck
