// Package faultmatrix runs every vendor's sign-in through a real TCP proxy
// on loopback that breaks one exchange at a time: a refused connection, a
// reset mid-body, a stall, truncated JSON, a proxy's HTML page, a 10 MB
// body, an error body with HTTP 200, 429 and 503 with Retry-After, a
// certificate from another CA, a redirect to another origin. The servers
// behind the proxy are package devicetest's fakes. A cell is judged once
// every goroutine its flow started has ended, on a clock moved past any
// backoff, so that a poll after the terminal answer cannot go unseen.
//
// The test writes the outcomes to docs/fault-matrix.md (go test
// ./internal/faultmatrix -update) and fails when the committed table
// differs from the run. Test code only: nothing in the SDK imports it.
package faultmatrix
