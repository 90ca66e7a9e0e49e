package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
)

// Oasdiff is the pinned oasdiff the report runs. `go run pkg@version`
// builds it outside every module of the workspace, so none of its
// dependencies reach a go.mod; the build is cached after the first run.
const Oasdiff = "github.com/oasdiff/oasdiff@v1.39.0"

// finding is one entry of `oasdiff changelog --format json`.
type finding struct {
	ID          string  `json:"id"`
	Text        string  `json:"text"`
	Level       int     `json:"level"` // 1 info, 2 warn, 3 error
	Operation   string  `json:"operation"`
	OperationID string  `json:"operationId"`
	Path        string  `json:"path"`
	Section     string  `json:"section"`
	Base        *source `json:"baseSource"`
	Revision    *source `json:"revisionSource"`
}

type source struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Runner runs oasdiff on two files; tests may substitute it.
type Runner func(ctx context.Context, base, revision string) ([]byte, error)

// GoRun runs the pinned oasdiff through `go run`.
func GoRun(ctx context.Context, base, revision string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "run", Oasdiff, "changelog", base, revision, "--format", "json")
	// Outside the workspace: `go run pkg@version` ignores go.work anyway,
	// but GOWORK=off makes it independent of the caller's directory.
	cmd.Env = append(cmd.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}

func parseFindings(out []byte) ([]finding, error) {
	var fs []finding
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(out, &fs); err != nil {
		return nil, fmt.Errorf("oasdiff: unreadable changelog: %w", err)
	}
	return fs, nil
}
