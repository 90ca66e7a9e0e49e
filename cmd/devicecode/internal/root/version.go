package root

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

func newVersionCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, VCS revision and build details",
		Long: `Prints the module version ("(devel)" for a build from a work tree), the VCS
revision with a "modified" mark for uncommitted changes, the commit time and
the build time when they are known, and the Go version. Same as --version.`,
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(c.OutOrStdout(), versionText(buildInfo(), f.BuildTime))
			return err
		},
	}
}

// buildInfo is the binary's build information; nil when it has none.
func buildInfo() *debug.BuildInfo {
	info, _ := debug.ReadBuildInfo()
	return info
}

// versionText is the output of `devicecode version` and --version, one
// fact per line, leaving out what the build did not record.
func versionText(info *debug.BuildInfo, buildTime string) string {
	lines := []string{"devicecode version " + moduleVersion(info)}
	settings := map[string]string{}
	if info != nil {
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		lines = append(lines, "revision: "+rev)
	}
	if t := settings["vcs.time"]; t != "" {
		lines = append(lines, "commit time: "+t)
	}
	if buildTime != "" {
		lines = append(lines, "build time: "+buildTime)
	}
	if info != nil && info.GoVersion != "" {
		lines = append(lines, "go: "+info.GoVersion)
	}
	return strings.Join(lines, "\n")
}

// moduleVersion is the main module's version: v1.2.3 for `go install
// …@v1.2.3`, "(devel)" for a work tree or when nothing was recorded.
func moduleVersion(info *debug.BuildInfo) string {
	if info == nil || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}
