package flowbench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The helper processes learn their role and configuration from these.
const (
	roleEnv   = "DEVICECODE_FLOWBENCH_ROLE"
	configEnv = "DEVICECODE_FLOWBENCH_CONFIG"
)

// TestHelperProcess is not a test: it is the fake's or a worker's process,
// this test binary started again by the benchmark. It runs until SIGTERM.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(roleEnv)
	if role == "" {
		t.Skip("a helper process of BenchmarkDurableFlows: it runs only when the benchmark starts it")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var err error
	switch role {
	case "fake":
		err = runRole(ctx, runFake)
	case "worker":
		err = runRole(ctx, runWorker)
	default:
		err = fmt.Errorf("no role %q", role)
	}
	if err != nil {
		t.Fatalf("%s: %v", role, err)
	}
}

// runRole decodes the role's configuration and runs it.
func runRole[C any](ctx context.Context, run func(context.Context, C) error) error {
	var cfg C
	if err := json.Unmarshal([]byte(os.Getenv(configEnv)), &cfg); err != nil {
		return fmt.Errorf("%s: %w", configEnv, err)
	}
	return run(ctx, cfg)
}

// announce is a helper's first line on stdout: the benchmark waits for it
// (the fake's URL, a worker's readiness).
func announce(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(os.Stdout, "%s\n", b)
	return err
}

// child is a helper process as the benchmark sees it.
type child struct {
	name  string
	cmd   *exec.Cmd
	log   string // its stdout after the first line, and its stderr
	done  chan struct{}
	first chan []byte // the announced line, once
}

// spawn starts this test binary as role with cfg, and waits for its
// first line, decoded into ready.
func spawn(ctx context.Context, dir, name, role string, cfg, ready any) (*child, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	c := &child{name: name, log: filepath.Join(dir, name+".log"), done: make(chan struct{}), first: make(chan []byte, 1)}
	c.cmd = exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.v=false")
	c.cmd.Env = append(os.Environ(), roleEnv+"="+role, configEnv+"="+string(b))
	if err := c.start(); err != nil {
		return nil, err
	}
	select {
	case line := <-c.first:
		return c, json.Unmarshal(line, ready)
	case <-c.done:
		return nil, fmt.Errorf("%s exited before it was ready: %v; see %s", name, c.cmd.ProcessState, c.log)
	case <-time.After(time.Minute):
		_ = c.cmd.Process.Kill()
		return nil, fmt.Errorf("%s not ready after a minute; see %s", name, c.log)
	}
}

// start runs the process with stdout read line by line: the first line
// to c.first, the rest, with stderr, to the log file.
func (c *child) start() error {
	logf, err := os.Create(c.log)
	if err != nil {
		return err
	}
	c.cmd.Stderr = logf
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return errors.Join(err, logf.Close())
	}
	if err := c.cmd.Start(); err != nil {
		return errors.Join(err, logf.Close())
	}
	go func() {
		r := bufio.NewReader(out)
		if line, err := r.ReadBytes('\n'); err == nil {
			c.first <- line
		}
		_, _ = io.Copy(logf, r)
		_ = c.cmd.Wait()
		_ = logf.Close()
		close(c.done)
	}()
	return nil
}

// stop sends SIGTERM and waits for the exit, killing the process after
// grace; an exit status other than 0 is an error.
func (c *child) stop(grace time.Duration) error {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-c.done:
	case <-time.After(grace):
		_ = c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("%s still running %s after SIGTERM: killed; see %s", c.name, grace, c.log)
	}
	if !c.cmd.ProcessState.Success() {
		return fmt.Errorf("%s: %v; see %s", c.name, c.cmd.ProcessState, c.log)
	}
	return nil
}

// kill is SIGKILL, as a crash or the OOM killer ends a process.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

// cpu is the CPU time the process used, once it has exited.
func (c *child) cpu() time.Duration {
	if c.cmd.ProcessState == nil {
		return 0
	}
	return c.cmd.ProcessState.UserTime() + c.cmd.ProcessState.SystemTime()
}
