package plugin_test

import (
	"fmt"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/floor"
)

// benchObjects is how many fw_null objects a benchmark iteration refreshes
// and plans: the size of the engine benchmarks' stacks.
const benchObjects = 1000

// BenchmarkPluginCallsNoEngine measures what the provider process itself
// costs: for 1,000 stored fw_null objects, the calls a no-op plan makes
// per object, sent straight from Go by 1 or 10 workers as -parallelism
// would, with no engine around them: the ones trueup's plan sends
// (UpgradeResourceState, ReadResource, ValidateResourceConfig,
// PlanResourceChange) and the minimum any client must send (ReadResource,
// PlanResourceChange). It is the floor under BenchmarkPluginVsTerraform's
// plan for both tools.
func BenchmarkPluginCallsNoEngine(b *testing.B) {
	for _, calls := range []struct {
		name string
		set  floor.Calls
	}{{"engine", floor.Engine}, {"minimal", floor.Minimal}} {
		for _, workers := range []int{1, 10} {
			b.Run(fmt.Sprintf("calls=%s/workers=%d", calls.name, workers), func(b *testing.B) {
				p := floor.Provider(b)
				objs := floor.Objects(b, p, benchObjects)
				b.ResetTimer()
				for b.Loop() {
					floor.Plan(b, p, objs, workers, calls.set)
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchObjects), "µs/object")
			})
		}
	}
}
