// Package report says what an upstream spec change does to our contract:
// it runs oasdiff (pinned, as a subprocess, so that its dependencies stay
// out of every module) on our committed subset and the one cut from the new
// upstream file, and classifies each change from our client's point of
// view, naming the canonical field (normalize) or generated Go field (gen/)
// that changes for integrators.
//
// A change is breaking for us when (a) it can make our client fail or
// misread a server — a request member we must now send, a response member
// our mapping reads that goes away or changes type, a response value our
// code does not know — or (b) it removes or retypes a generated Go
// identifier that integrators may use (gen/ is public API). Everything else
// is reported as not breaking.
package report
