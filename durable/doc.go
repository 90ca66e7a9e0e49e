// Package durable runs device flows of every vendor as durable jobs on
// River (github.com/riverqueue/river), on PostgreSQL for a backend of
// several replicas or on SQLite for one process, so that a sign-in
// survives restarts and crashes and any replica can poll it, show it or
// cancel it.
//
// A sign-in is one River job. Each execution sends at most one poll
// (devicecode.Flow.PollOnce) and snoozes the job until the flow's
// NextPollAt, which snoozing does not count as an attempt; River's row
// locking keeps one execution of a job in flight across replicas, and
// its rescuer hands the job of a worker that died to another. Where a
// flow stands — its State, sealed — is the job's output, written with
// each snooze in the same statement. The approved outcome reaches the
// integrator's OnOutcome inside the transaction that completes the job.
//
// Device codes, tokens and user codes are sealed with AES-256-GCM under
// the integrator's keys (Keyring), bound to their flow; River's tables
// hold no secret in plaintext.
package durable
