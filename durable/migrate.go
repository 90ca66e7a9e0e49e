package durable

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate brings River's schema up to the version this River needs, with
// River's own migrator: Flows keeps everything in River's tables (a
// sign-in is a job; where it stands, the job's output), so there is no
// schema of ours. Run it at deploy time, or use the river CLI
// (`river migrate-up --database-url …`) to the same effect.
func Migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("durable: migrating: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("durable: migrating: %w", err)
	}
	return nil
}
