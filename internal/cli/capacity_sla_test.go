package cli

import (
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestHasSLAPerOrigin: per-origin targets alone are an SLA that capacity
// can search for.
func TestHasSLAPerOrigin(t *testing.T) {
	p99 := 100.0
	if hasSLA(simulator.SLA{}) {
		t.Error("an empty SLA has no target")
	}
	if !hasSLA(simulator.SLA{Origins: []simulator.OriginSLA{{Origin: "dublin", LatencyP99Ms: &p99}}}) {
		t.Error("a per-origin target is an SLA")
	}
}
