package simulator

import (
	"fmt"
	"math"
)

// latencyClauses lists the SLA's latency targets with their JSON names and
// quantiles, in report order.
func latencyClauses(s SLA) []struct {
	name   string
	q      float64
	target *float64
} {
	return []struct {
		name   string
		q      float64
		target *float64
	}{
		{"latency_p50_ms", 0.50, s.LatencyP50Ms},
		{"latency_p95_ms", 0.95, s.LatencyP95Ms},
		{"latency_p99_ms", 0.99, s.LatencyP99Ms},
		{"latency_p999_ms", 0.999, s.LatencyP999Ms},
	}
}

func checkSLA(c *checker, s SLA) {
	for _, l := range latencyClauses(s) {
		if l.target == nil {
			continue
		}
		c.number("sla."+l.name, BoundAt("sla."+l.name), *l.target)
	}
	if s.RTOS != nil {
		c.number("sla.rto_s", BoundAt("sla.rto_s"), *s.RTOS)
	}
	if s.Availability != nil {
		c.number("sla.availability", BoundAt("sla.availability"), *s.Availability)
	}
}

func checkRun(c *checker, r RunSettings) {
	duration, warmup := deref(r.DurationS), deref(r.WarmupS)
	durationOK := c.number("run.duration_s", BoundAt("run.duration_s"), duration)
	switch {
	case !c.number("run.warmup_s", BoundAt("run.warmup_s"), warmup):
	case durationOK && duration <= warmup:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s is not longer than run.warmup_s = %s", num(duration), num(warmup)),
			"only requests issued between warmup_s and duration_s are measured, so nothing would be; make duration_s longer than warmup_s (a warm-up of 10-20 %% of the duration is typical)")
	}
	// run.seed has a rule too, at least 0, which Seed's type (uint64)
	// keeps here: a model file cannot decode a negative seed.
	if r.Replications != 0 {
		c.number("run.replications", BoundAt("run.replications"), float64(r.Replications))
	}
	checkStopping(c, r)
	if r.MaxSimulatedRequests < 0 {
		c.errorf("run.max_simulated_requests", fmt.Sprintf("run.max_simulated_requests = %d is negative", r.MaxSimulatedRequests),
			"set a positive budget of simulated requests, or leave it unset for %d", DefaultMaxSimulatedRequests)
	} else if r.MaxSimulatedRequests < MinSimulatedRequests {
		c.errorf("run.max_simulated_requests", fmt.Sprintf("run.max_simulated_requests = %d is below the minimum of %d", r.MaxSimulatedRequests, MinSimulatedRequests),
			"a budget that small stops any run worth measuring; set at least %d simulated requests, or leave it unset for %d", MinSimulatedRequests, DefaultMaxSimulatedRequests)
	}
	if r.Parallelism < 0 {
		c.errorf("run.parallelism", fmt.Sprintf("run.parallelism = %d is negative", r.Parallelism),
			"set the number of replications run at once, or 0 for GOMAXPROCS")
	}
}

// checkBudget refuses a run whose expected number of requests exceeds the
// budget, before spending any time on it.
func checkBudget(c *checker, p *checkedModel) {
	r := p.model.Run
	// Every scenario, the baseline included, runs every replication.
	runs := 1 + len(p.model.Scenarios)
	// An adaptive run must afford its first round; later rounds stop at
	// the budget (stopping.go).
	reps := r.Replications
	if reps == 0 {
		reps = RoundReplications
	}
	// totalMeanRPS x duration is the integral of the origins' rate
	// functions over the run: their expected requests, profiles included
	// (totalRPS without one). Surges are left out, as before.
	expected := p.totalMeanRPS * *r.DurationS * float64(reps) * float64(runs)
	if expected > float64(r.MaxSimulatedRequests) {
		c.errorf("run.duration_s", fmt.Sprintf("the run would simulate about %s requests, above the limit of %s", count(expected), count(float64(r.MaxSimulatedRequests))),
			"%s rps x %s s x %d replications x %d scenarios (baseline included) = %s requests; shorten duration_s, lower replications, drop scenarios, or raise the provider's max_simulated_requests (run.max_simulated_requests) to at least %s",
			num(p.totalMeanRPS), num(*r.DurationS), reps, runs, count(expected), count(math.Ceil(expected)))
	}
}
