// Package devicetest runs faithful fakes of the vendors' device-code APIs
// in-process on loopback, for tests of devicecode itself and of the code
// integrators write on top of it. Each fake is built on the server
// interface generated from the vendor's contract in specs/, so it cannot
// drift from the paths, methods, status codes and bodies the vendor
// packages are written against; it requires the vendor's real
// authentication, runs on an injectable clock, and records every request.
package devicetest
