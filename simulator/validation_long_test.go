//go:build long

package simulator

import "testing"

// The data-layer validation (validation_data_test.go) runs 20 times
// longer under the long tag: intervals about 4.5 times narrower.
func init() { dataScale = 20 }

// TestValidationLong is the long, tighter variant of the M/M/c validation
// (make validate-long, go test -tags long -run ValidationLong): ten times
// the requests per replication and twice the replications, so that the
// intervals are about 4.5 times narrower, plus a larger system (c = 16)
// where Erlang C's wait probability is far from both 0 and 1. It takes a
// few minutes.
func TestValidationLong(t *testing.T) {
	cases := mmcCases(10 * validationScale)
	for _, rho := range []float64{0.8, 0.95} {
		cases = append(cases, queueCase{
			name: "M/M/16 rho=" + map[float64]string{0.8: "0.80", 0.95: "0.95"}[rho], servers: 16,
			serviceMs: 16, dist: DistExponential, utilization: rho,
			perRep: 1e7, reps: 10, warmupS: 60,
		})
	}
	for i, q := range cases {
		q.reps *= 2
		t.Run(q.name, func(t *testing.T) {
			checkMMc(t, q, q.run(t, uint64(1000+i)))
		})
	}
}
