package simulator

import (
	"math"
	"strings"
	"testing"
)

// numericIntegral is Simpson's rule over n intervals on each piece
// between breakpoints: the reference for the closed-form Integral.
func numericIntegral(p *LoadProfile, t0, t1, h float64) float64 {
	cuts := append([]float64{t0}, p.Breakpoints(t0, t1)...)
	cuts = append(cuts, t1)
	total := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		const n = 2000
		dx := (b - a) / n
		// Sample inside the piece: the campaign is right-continuous, so
		// the end b is read just before it.
		f := func(x float64) float64 { return p.Multiplier(min(x, b-1e-9*(b-a)), h) }
		s := f(a) + f(b)
		for k := 1; k < n; k++ {
			w := 2.0
			if k%2 == 1 {
				w = 4
			}
			s += w * f(a+float64(k)*dx)
		}
		total += s * dx / 3
	}
	return total
}

func TestLoadProfileIntegralAndMax(t *testing.T) {
	profiles := map[string]*LoadProfile{
		"diurnal": {Diurnal: &DiurnalLoad{PeakMultiplier: 2.5, TroughMultiplier: 0.4, PeakHourUTC: 13}},
		"steps":   {Steps: []LoadStep{{AtS: 100, Multiplier: 3, RampS: 50}, {AtS: 400, Multiplier: 0.5}, {AtS: 900, Multiplier: 2, RampS: 1000}}},
		"both": {Diurnal: &DiurnalLoad{PeakMultiplier: 4, TroughMultiplier: 1, PeakHourUTC: 23.5},
			Steps: []LoadStep{{AtS: 3000, Multiplier: 2, RampS: 7200}, {AtS: 20000, Multiplier: 1}}},
	}
	for name, p := range profiles {
		for _, iv := range [][2]float64{{0, 600}, {50, 1234}, {0, 86400}, {10000, 200000}} {
			got, want := p.Integral(iv[0], iv[1], 5), numericIntegral(p, iv[0], iv[1], 5)
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s over %v: Integral %.9g, Simpson %.9g", name, iv, got, want)
			}
			// The maximum bounds every sample and is reached by one
			// (within the coarse grid) when only one part varies.
			top := p.MaxMultiplier(iv[0], iv[1], 5)
			seen := 0.0
			for k := 0; k <= 10000; k++ {
				x := iv[0] + (iv[1]-iv[0])*float64(k)/10000
				v := p.Multiplier(x, 5)
				if v > top*(1+1e-12) {
					t.Fatalf("%s at %g: multiplier %g above MaxMultiplier %g", name, x, v, top)
				}
				seen = max(seen, v)
			}
			if name != "both" && seen < top*(1-1e-3) {
				t.Errorf("%s over %v: MaxMultiplier %g, largest sample %g", name, iv, top, seen)
			}
		}
	}
	// The diurnal curve's landmarks: the peak at its hour, the trough
	// twelve hours later, the mean of a whole day.
	d := profiles["diurnal"]
	if v := d.Multiplier((13-5)*3600, 5); math.Abs(v-2.5) > 1e-12 {
		t.Errorf("peak: %g", v)
	}
	if v := d.Multiplier((25-5)*3600, 5); math.Abs(v-0.4) > 1e-12 {
		t.Errorf("trough: %g", v)
	}
	if v := d.MeanMultiplier(1000, 1000+86400, 5); math.Abs(v-1.45) > 1e-9 {
		t.Errorf("daily mean: %g, want 1.45", v)
	}
	var none *LoadProfile
	if none.Multiplier(5, 0) != 1 || none.Integral(0, 10, 0) != 10 || none.MaxMultiplier(0, 1, 0) != 1 {
		t.Error("a nil profile is not the constant 1")
	}
	// A campaign's landmarks: 1 before, the ramp's middle, the holds.
	s := profiles["steps"]
	for _, c := range [][2]float64{{99, 1}, {125, 2}, {150, 3}, {399, 3}, {400, 0.5}, {1400, 1.25}, {5000, 2}} {
		if v := s.Multiplier(c[0], 0); math.Abs(v-c[1]) > 1e-12 {
			t.Errorf("steps at %g: %g, want %g", c[0], v, c[1])
		}
	}
}

// loadModel is a valid one-region model whose origin has profile p.
func loadModel(p *LoadProfile) Model {
	return Model{
		Regions:  []Region{{Name: "r", Location: "aws:us-east-1", Instances: 10, ServiceTimeMs: 10}},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: 100, LoadProfile: p}}},
		Run:      RunSettings{DurationS: ptr(300), WarmupS: ptr(30), Replications: 2},
	}
}

func TestCheckLoadProfile(t *testing.T) {
	diurnal := func(peak, trough, hour float64) *LoadProfile {
		return &LoadProfile{Diurnal: &DiurnalLoad{PeakMultiplier: peak, TroughMultiplier: trough, PeakHourUTC: hour}}
	}
	steps := func(s ...LoadStep) *LoadProfile { return &LoadProfile{Steps: s} }
	cases := []struct {
		name    string
		p       *LoadProfile
		start   float64
		path    string
		summary string
	}{
		{"empty", &LoadProfile{}, 0, "workload.origins[0].load_profile", "neither diurnal nor steps"},
		{"peak below trough", diurnal(0.5, 2, 12), 0, "workload.origins[0].load_profile.diurnal.peak_multiplier", "below its trough_multiplier = 2"},
		{"trough 0", diurnal(2, 0, 12), 0, "workload.origins[0].load_profile.diurnal.trough_multiplier", "must be greater than 0, got 0"},
		{"peak NaN", diurnal(math.NaN(), 1, 12), 0, "workload.origins[0].load_profile.diurnal.peak_multiplier", "got NaN"},
		{"peak too high", diurnal(1000, 1, 12), 0, "workload.origins[0].load_profile.diurnal.peak_multiplier", "at most 100"},
		{"hour 25", diurnal(2, 1, 25), 0, "workload.origins[0].load_profile.diurnal.peak_hour_utc", "at most 24, got 25"},
		{"start hour", diurnal(2, 1, 12), -1, "workload.start_hour_utc", "at most 24, got -1"},
		{"empty steps", &LoadProfile{Steps: []LoadStep{}}, 0, "workload.origins[0].load_profile.steps", "empty"},
		{"negative at", steps(LoadStep{AtS: -5, Multiplier: 2}), 0, "workload.origins[0].load_profile.steps[0].at_s", "at least 0, got -5"},
		{"multiplier 0", steps(LoadStep{AtS: 5, Multiplier: 0}), 0, "workload.origins[0].load_profile.steps[0].multiplier", "greater than 0, got 0"},
		{"ramp Inf", steps(LoadStep{AtS: 5, Multiplier: 2, RampS: math.Inf(1)}), 0, "workload.origins[0].load_profile.steps[0].ramp_s", "got +Inf"},
		{"order", steps(LoadStep{AtS: 100, Multiplier: 2, RampS: 60}, LoadStep{AtS: 150, Multiplier: 1}), 0,
			"workload.origins[0].load_profile.steps[1].at_s", "before step 0's ramp ends at 160 s"},
		{"after the run", steps(LoadStep{AtS: 300, Multiplier: 2}), 0, "workload.origins[0].load_profile.steps[0].at_s", "not before the run ends at duration_s = 300"},
	}
	for _, c := range cases {
		m := loadModel(c.p)
		m.Workload.StartHourUTC = c.start
		var hit *Finding
		for _, f := range Check(m) {
			if f.Severity == SeverityError && f.Path == c.path {
				hit = &f
				break
			}
		}
		if hit == nil {
			t.Errorf("%s: no error at %s; got %v", c.name, c.path, Check(m))
			continue
		}
		if !strings.Contains(hit.Summary, c.summary) || hit.Detail == "" {
			t.Errorf("%s: %q / %q does not say %q with a fix", c.name, hit.Summary, hit.Detail, c.summary)
		}
	}
	// A valid profile passes.
	if fs := Check(loadModel(steps(LoadStep{AtS: 100, Multiplier: 2, RampS: 60}, LoadStep{AtS: 160, Multiplier: 1}))); hasError(fs) {
		t.Errorf("valid campaign refused: %v", fs)
	}
}

// TestLoadProfileCapacityChecks: the static checks plan for the peak and
// budget the integral. A peak above capacity is a warning; a mean above
// it, with an unbounded queue, an error; the request budget counts the
// integral of the rate.
func TestLoadProfileCapacityChecks(t *testing.T) {
	// Capacity 10 x 1000 / 10 = 1000 rps; rps 100 peaks at 1200 for the
	// last 100 s of 300.
	peak := loadModel(&LoadProfile{Steps: []LoadStep{{AtS: 200, Multiplier: 12}}})
	fs := Check(peak)
	if hasError(fs) || !hasFinding(fs, SeverityWarning, "overloaded at its peak") {
		t.Errorf("a transient peak: want a warning and no error, got %v", fs)
	}
	sustained := loadModel(&LoadProfile{Steps: []LoadStep{{AtS: 10, Multiplier: 12}}})
	if fs := Check(sustained); !hasFinding(fs, SeverityError, "is overloaded") {
		t.Errorf("a sustained overload: want an error, got %v", fs)
	}
	// Budget: 100 rps x (100 s x 1 + 200 s x 5) x 2 replications = 220 000.
	budget := loadModel(&LoadProfile{Steps: []LoadStep{{AtS: 100, Multiplier: 5}}})
	budget.Run.MaxSimulatedRequests = 219_000
	if fs := Check(budget); !hasFinding(fs, SeverityError, "about 220,000 requests") {
		t.Errorf("the budget does not count the integral: %v", fs)
	}
	budget.Run.MaxSimulatedRequests = 221_000
	if fs := Check(budget); hasError(fs) {
		t.Errorf("within budget refused: %v", fs)
	}
}

func hasError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

func hasFinding(fs []Finding, sev, text string) bool {
	for _, f := range fs {
		if f.Severity == sev && strings.Contains(f.Summary, text) {
			return true
		}
	}
	return false
}

// TestLoadProfileApplyLoad: a replica set's apply load is refused when
// the mean write rate over the run reaches a replica's apply rate, and a
// warning when only the peak does.
func TestLoadProfileApplyLoad(t *testing.T) {
	model := func(at float64) Model {
		m := loadModel(&LoadProfile{Steps: []LoadStep{{AtS: at, Multiplier: 3}}})
		m.Regions[0].Instances = 100
		m.ReplicaSets = []ReplicaSet{{Name: "db", Regions: []string{"r"}, Leader: "r", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadStrong, ApplyTimeMs: 4}}
		m.Workload.Origins[0].ReadRatio = ptr(0)
		return m
	}
	// 100 writes/s x 3 = 300 at the peak against 250 applied per second.
	if fs := Check(model(290)); hasError(fs) || !hasFinding(fs, SeverityWarning, "cannot keep up at its peak") {
		t.Errorf("a peak above the apply rate: want a warning only, got %v", fs)
	}
	if fs := Check(model(10)); !hasFinding(fs, SeverityError, "cannot keep up: ") {
		t.Errorf("a mean above the apply rate: want an error, got %v", fs)
	}
}
