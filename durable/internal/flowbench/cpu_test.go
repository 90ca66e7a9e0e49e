package flowbench

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// cpuSample is CPU time used so far by this process and by PostgreSQL's
// processes, to tell where a run's time went on a machine they share.
type cpuSample struct {
	self, postgres, machine time.Duration
}

func sampleCPU() cpuSample {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return cpuSample{self: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), postgres: postgresCPU(), machine: machineCPU()}
}

func (c cpuSample) since(before cpuSample) cpuSample {
	return cpuSample{self: c.self - before.self, postgres: c.postgres - before.postgres, machine: c.machine - before.machine}
}

// machineCPU is the time every CPU of the machine has been busy: what
// the run's processes do not account for of it, others used.
func machineCPU() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	fields := bytes.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	var ticks int64
	for i, f := range fields[1:min(9, len(fields))] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseInt(string(f), 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * clockTick
}

// clockTick is Linux's USER_HZ, the unit of /proc/PID/stat's times.
const clockTick = 10 * time.Millisecond

// postgresCPU adds up the CPU time of every process named postgres, and
// of the children they reaped (the postmaster's cutime and cstime hold
// the backends that have exited). Zero where /proc is not readable.
func postgresCPU() time.Duration {
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
		if open < 0 || end < open || string(b[open+1:end]) != "postgres" {
			continue
		}
		// After the command: state, then fields 4… ; utime, stime,
		// cutime and cstime are fields 14 to 17.
		fields := bytes.Fields(b[end+1:])
		if len(fields) < 15 {
			continue
		}
		for _, f := range fields[11:15] {
			n, _ := strconv.ParseInt(string(f), 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * clockTick
}
