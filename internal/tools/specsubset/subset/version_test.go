package subset_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func TestStripVersion(t *testing.T) {
	tests := []struct {
		name       string
		version    any
		paths      []string
		wantPrefix string
		wantPaths  []string
		wantErr    string
	}{
		{"v8", "v8", []string{"/v8/token", "/v8/DeviceCode", "/v80/x", "/v7/token"}, "/v8", []string{"/DeviceCode", "/token"}, ""},
		{"v6", "v6", []string{"/v6/Organizations/{organizationId}/DeviceCode"}, "/v6", []string{"/Organizations/{organizationId}/DeviceCode"}, ""},
		{"not vN", "1.0", []string{"/v1/token"}, "", nil, `info.version "1.0"`},
		{"no version", nil, []string{"/v1/token"}, "", nil, `info.version ""`},
		{"no path has it", "v9", []string{"/v8/token"}, "", nil, "no path starts with /v9/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths := map[string]any{}
			for _, p := range tc.paths {
				paths[p] = map[string]any{}
			}
			doc := map[string]any{"info": map[string]any{"version": tc.version}, "paths": paths}
			prefix, err := subset.StripVersion(doc)
			var ve *subset.VersionError
			if tc.wantErr != "" {
				if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want a *VersionError with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || prefix != tc.wantPrefix {
				t.Fatalf("StripVersion = %q, %v; want %q", prefix, err, tc.wantPrefix)
			}
			var got []string
			for p := range doc["paths"].(map[string]any) {
				got = append(got, p)
			}
			if strings.Join(sortStrings(got), " ") != strings.Join(tc.wantPaths, " ") {
				t.Errorf("paths %v, want %v", got, tc.wantPaths)
			}
		})
	}
}

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}
