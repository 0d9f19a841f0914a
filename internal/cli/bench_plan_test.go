package cli

import (
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/planjson"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// fixedReplications is today's fixed count: the default before the
// stopping rule, against which its requests are measured.
const fixedReplications = 5

// BenchmarkPlanRealistic simulates the README's realistic example
// (examples/realistic: 4 regions, 10 origins, 3 scenarios) as its plan
// does, with the default stopping rule and with the fixed 5 replications
// that were the default before it, one after the other in the same
// process, so that their ratio holds on a busy machine. The model is read
// from a real plan of the example, made once with the provider built from
// this tree (it needs terraform or tofu, as the live tests do).
//
//	make bench-plan
func BenchmarkPlanRealistic(b *testing.B) {
	tf := terraformCLI(b)
	dir := b.TempDir()
	_, cfg := devProvider(b, dir)
	planJSON := planExample(b, tf, cfg, dir, "realistic", "realistic", nil)
	targets, _, err := loadTerraform(b.Context(), planJSON, nil, planjson.KindPlan)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name         string
		replications int
	}{{"rule", 0}, {"fixed-5", fixedReplications}} {
		b.Run(bc.name, func(b *testing.B) {
			var requests, replications int64
			for b.Loop() {
				for _, tg := range targets {
					rep := runWith(b, tg.Model, bc.replications)
					requests += rep.SimulatedRequests
					for _, sc := range rep.Scenarios {
						replications += int64(sc.Replications)
					}
				}
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(replications)/float64(b.N), "replications/op")
		})
	}
}

// runWith simulates m with the default stopping rule when n is 0, under
// the example's own request budget as a user's plan would; or with
// replications fixed at n, under a budget that does not bind, since 20
// replications of a large example exceed the default one.
func runWith(t testing.TB, m simulator.Model, n int) *simulator.Report {
	t.Helper()
	m.Run.Replications = n
	m.Run.MaxReplications = 0
	m.Run.Precision = nil
	if n > 0 {
		m.Run.MaxSimulatedRequests = 1 << 40
	}
	rep, err := simulator.Run(t.Context(), m)
	if err != nil {
		t.Fatalf("%d replications: %v", n, err)
	}
	return rep
}
