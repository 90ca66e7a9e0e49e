// Package subset cuts a closed subset out of an upstream OpenAPI 3.0 JSON
// document: the listed operations, every component they reach through $ref,
// and nothing else. Documentation (description, summary, externalDocs) and
// examples are dropped so that the committed subset is small, diffable and
// only carries the wire contract.
//
// The work is done on the decoded JSON tree rather than on kin-openapi's
// typed model so that every keyword and extension upstream wrote survives
// unchanged (kin-openapi would normalise some of them away); kin-openapi is
// used to load and validate both the input and the output.
package subset
