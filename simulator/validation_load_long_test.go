//go:build long

package simulator

import "testing"

// TestValidationLongDiurnal is the long variant of the diurnal check
// (go test -tags long -run ValidationLongDiurnal): two simulated days at
// 20 rps base and 5 replications, so each hour holds about 150 000
// arrivals and its Poisson interval is about 1 % wide; 48 hours under the
// same 0.1 % family-wise error (Bonferroni).
func TestValidationLongDiurnal(t *testing.T) {
	checkHourlyArrivals(t, diurnalModel(20, 48, 5))
}
