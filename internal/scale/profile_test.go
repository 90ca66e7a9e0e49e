package scale

import (
	"flag"
	"os"
	"runtime"
	"runtime/pprof"
)

var peakProfile = flag.String("peakprofile", "", "write the heap profile at each variant's pending peak to `prefix`-<variant>.pprof")

// profileFor is the pending-peak profile file of a variant, "" for none.
// The profile counts the objects live at the last collection before the
// peak, by allocation site (go tool pprof -sample_index=inuse_space).
func profileFor(variant string) string {
	if *peakProfile == "" {
		return ""
	}
	return *peakProfile + "-" + variant + ".pprof"
}

// sampleFinely makes the profile count small allocations too; it runs
// before anything is measured, so every variant is sampled alike.
func sampleFinely() {
	if *peakProfile != "" {
		runtime.MemProfileRate = 4096
	}
}

func writeProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = pprof.WriteHeapProfile(f)
}
