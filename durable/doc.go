// Package durable runs device flows of every vendor as durable jobs on
// River (github.com/riverqueue/river): on PostgreSQL for a backend of
// several replicas (riverpgxv5), or on SQLite for one process
// (riversqlite over OpenSQLite, pure Go). A sign-in survives restarts and
// crashes, and any replica can begin it, poll it, show it or cancel it.
//
// # How
//
// A sign-in is one River job. Each execution sends at most one poll
// (devicecode.Flow.PollOnce) and snoozes the job until the flow's
// NextPollAt; a snooze is not an attempt. Where the flow stands — its
// State, sealed — is the job's output, which River writes with the
// snooze in the same statement: no table of ours, and no statement of
// ours per pending poll. An approved outcome is sealed into the job
// first, then handed to Config.OnOutcome inside the transaction that
// completes the job (river.JobCompleteTx).
//
// # Guarantees
//
//   - No poll before NextPollAt on any replica, and slow_down's added
//     interval holds across replicas and restarts: the State travels
//     with the job.
//   - One execution of a flow at a time across replicas (River locks
//     the job's row), and none after the flow's terminal answer.
//   - A worker killed mid-poll loses no flow: River's rescuer makes the
//     job available again after RescueStuckJobsAfter (DefaultRescueAfter)
//     and the poll is repeated, an interval after the lost one. A worker
//     killed between polls delays nothing: the job is not running.
//   - OnOutcome commits once per flow: its transaction completes the
//     job. Should it fail or its worker die, the sealed outcome is
//     delivered again, without polling again (the code is used up).
//   - Device codes, user codes, tokens and outcomes are sealed with
//     AES-256-GCM under the integrator's Keyring, bound to their flow;
//     River's tables hold no secret in plaintext.
//
// # Not guaranteed
//
//   - A token the server issued to a worker that died before reading
//     the answer is lost with it: the repeated poll finds the code used
//     (the flow fails with invalid_grant) and the person signs in again.
//   - Replicas' clocks must agree to well under a second: NextPollAt is
//     an absolute time.
//   - A replica frozen (not dead) for longer than RescueStuckJobsAfter
//     may poll once beside the rescued execution.
//   - Status is there as long as River keeps finished jobs (24 hours by
//     default: river.Config's retention periods).
//   - SQLite serves one process: use PostgreSQL for replicas.
//
// # Migrations
//
// Everything lives in River's tables, migrated by River's own migrator:
// Migrate, or the river CLI (`river migrate-up --database-url …`).
package durable
