package simulator

import "testing"

// TestDesiredInstances checks the HPA rule on cases worked by hand:
// ceil(current * signal / target), the tolerance's dead band and the clamp.
func TestDesiredInstances(t *testing.T) {
	a := Autoscaling{MinInstances: 2, MaxInstances: 10, Signal: SignalUtilization, Target: 0.6}
	for _, c := range []struct {
		current int
		signal  float64
		want    int
	}{
		{4, 0.9, 6},  // 4 * 1.5 = 6 exactly: no extra instance from float noise
		{4, 0.63, 4}, // ratio 1.05, within the default tolerance 0.1
		{4, 0.3, 2},  // 4 * 0.5 = 2
		{4, 0.1, 2},  // ceil(0.67) = 1, clamped up to min 2
		{8, 1.2, 10}, // 16, clamped down to max 10
		{3, 0.7, 4},  // ratio 1.167 > 1.1: ceil(3.5) = 4
	} {
		if got := a.desiredInstances(c.current, c.signal); got != c.want {
			t.Errorf("desiredInstances(%d, %v) = %d, want %d", c.current, c.signal, got, c.want)
		}
	}
}
