// Package flowbench measures package durable under load as it runs in
// production: BenchmarkDurableFlows starts worker processes (real OS
// processes, each a durable.Flows on its own connection pool) on one
// PostgreSQL, with devicetest's GitLab fake in a process of its own,
// begins pending flows spread over one 5 s interval, and reports how the
// polls kept RFC 8628's schedule — late, early, duplicate, lost — beside
// an in-process PollOnce loop's figures from the same run and a run with
// one worker SIGKILLed midway.
//
//	make bench-durable
//	go test ./durable/internal/flowbench -run '^$' -bench DurableFlows -benchtime 1x -timeout 30m -flows 10000
//
// -flows sets the count, -variants picks the runs (durable, baseline,
// kill), -maxconns each worker's connection pool (10), -workerprofile DIR
// writes each worker's CPU profile of the durable run there, -dump DIR
// every poll judged; see the flags in bench_test.go for River's knobs.
// The log line of each run says where its time went: CPU by process
// (workers, fake, PostgreSQL, the benchmark, and others on the machine,
// which make a run's figures worthless when large), WAL per poll, and
// the workers' statements by the time they took.
// It needs PostgreSQL (DEVICECODE_POSTGRES_URL, by default postgres on
// 127.0.0.1:5432, database test), and skips without one unless CI=true.
//
// The processes are this test binary run again: TestHelperProcess, which
// skips in an ordinary go test run, becomes the fake or a worker when the
// benchmark sets DEVICECODE_FLOWBENCH_ROLE.
package flowbench
