package simulator

// Defaults that ApplyDefaults fills in. They are exported so that front-ends
// can document them next to their own attributes.
const (
	// DefaultConcurrency is the requests one instance serves at once.
	DefaultConcurrency = 1
	// DefaultServiceTimeDistribution is the service time shape.
	DefaultServiceTimeDistribution = DistExponential
	// DefaultLognormalP99OverP50 is the lognormal shape: a p99 three times
	// the median is a typical spread for a service's own processing time.
	DefaultLognormalP99OverP50 = 3.0
	// DefaultReplications gives a 95 % interval with 4 degrees of freedom
	// (t = 2.78), a fair trade between run time and interval width.
	DefaultReplications = 5
	// DefaultDurationS is the simulated time of arrivals.
	DefaultDurationS = 60.0
)

// ApplyDefaults fills in the model's unset optional values, in place:
//
//   - regions[].concurrency 0 becomes DefaultConcurrency (1);
//   - regions[].service_time_distribution "" becomes
//     DefaultServiceTimeDistribution ("exponential");
//   - regions[].service_time_p99_over_p50 0 becomes
//     DefaultLognormalP99OverP50 (3) for a lognormal region only (the other
//     shapes ignore it, so it stays unset there);
//   - workload.origins[].name "" becomes the origin's location;
//   - network.jitter_sigma nil becomes DefaultJitterSigma (0.2); an explicit
//     0 stays 0 (deterministic delays);
//   - run.duration_s 0 becomes DefaultDurationS (60 s);
//   - run.replications 0 becomes DefaultReplications (5);
//   - run.max_simulated_requests 0 becomes DefaultMaxSimulatedRequests.
//
// Values left as they are: run.warmup_s 0 (no warm-up), run.seed 0 (a valid
// seed), run.parallelism 0 (GOMAXPROCS at run time, which never changes the
// results), regions[].queue_limit 0 (unbounded) and workload read_ratio 0.
// Invalid values (negative counts, unknown names) are not corrected: Check
// reports them. Slices are modified in place, so a caller that must keep its
// model intact passes a copy (Check and Run copy before defaulting).
func ApplyDefaults(m *Model) {
	if m == nil {
		return
	}
	for i := range m.Regions {
		r := &m.Regions[i]
		if r.Concurrency == 0 {
			r.Concurrency = DefaultConcurrency
		}
		if r.ServiceTimeDistribution == "" {
			r.ServiceTimeDistribution = DefaultServiceTimeDistribution
		}
		if r.ServiceTimeDistribution == DistLognormal && r.ServiceTimeP99OverP50 == 0 {
			r.ServiceTimeP99OverP50 = DefaultLognormalP99OverP50
		}
	}
	for i := range m.Workload.Origins {
		o := &m.Workload.Origins[i]
		if o.Name == "" {
			o.Name = o.Location
		}
	}
	if m.Network.JitterSigma == nil {
		sigma := DefaultJitterSigma
		m.Network.JitterSigma = &sigma
	}
	if m.Run.DurationS == 0 {
		m.Run.DurationS = DefaultDurationS
	}
	if m.Run.Replications == 0 {
		m.Run.Replications = DefaultReplications
	}
	if m.Run.MaxSimulatedRequests == 0 {
		m.Run.MaxSimulatedRequests = DefaultMaxSimulatedRequests
	}
}

// withDefaults returns a defaulted deep copy of m, leaving m and everything
// it points to untouched.
func withDefaults(m Model) Model {
	c := m
	c.Regions = append([]Region(nil), m.Regions...)
	c.Workload.Origins = append([]Origin(nil), m.Workload.Origins...)
	c.SLA = SLA{
		LatencyP50Ms:  copyFloat(m.SLA.LatencyP50Ms),
		LatencyP95Ms:  copyFloat(m.SLA.LatencyP95Ms),
		LatencyP99Ms:  copyFloat(m.SLA.LatencyP99Ms),
		LatencyP999Ms: copyFloat(m.SLA.LatencyP999Ms),
		Availability:  copyFloat(m.SLA.Availability),
	}
	c.Network.JitterSigma = copyFloat(m.Network.JitterSigma)
	ApplyDefaults(&c)
	return c
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
