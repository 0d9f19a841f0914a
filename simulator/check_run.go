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
		if v := *l.target; !finite(v) || v <= 0 {
			c.errorf("sla."+l.name, fmt.Sprintf("sla.%s = %s: a latency target must be a positive number of milliseconds", l.name, num(v)),
				"set it to the upper bound the %s latency must stay under, in ms, or remove the clause", quantileName(l.q))
		}
	}
	if s.RTOS != nil {
		if v := *s.RTOS; !finite(v) || v < 0 {
			c.errorf("sla.rto_s", fmt.Sprintf("sla.rto_s = %s must be a non-negative number of seconds", num(v)),
				"rto_s bounds the time from a scenario's first fault until the success ratio is back at the availability target; set the longest recovery you accept, e.g. 60")
		}
	}
	if s.Availability != nil {
		a := *s.Availability
		switch {
		case !finite(a) || a <= 0:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s must be a fraction in (0, 1]", num(a)),
				"availability is successful / all requests; write 0.999 for 99.9 %%")
		case a > 1 && a <= 100:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s is above 1", num(a)),
				"availability is a fraction, not a percentage: write %s for %s %%", num(a/100), num(a))
		case a > 1:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s is above 1", num(a)),
				"availability is successful / all requests, at most 1; write 0.999 for 99.9 %%")
		}
	}
}

func checkRun(c *checker, r RunSettings) {
	durationOK := false
	duration, warmup := deref(r.DurationS), deref(r.WarmupS)
	switch {
	case !finite(duration) || duration <= 0:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s must be a positive number of seconds", num(duration)),
			"set duration_s to the simulated time during which requests arrive (leave it unset for %g s)", DefaultDurationS)
	case duration > MaxDurationS:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s is above the supported %s s", num(duration), num(MaxDurationS)),
			"arrivals are stationary, so a longer window adds nothing more replications would not; shorten duration_s")
	default:
		durationOK = true
	}
	switch {
	case !finite(warmup) || warmup < 0:
		c.errorf("run.warmup_s", fmt.Sprintf("run.warmup_s = %s must be a non-negative number of seconds", num(warmup)),
			"set warmup_s to the initial seconds whose requests are not measured, or leave it unset for none")
	case durationOK && duration <= warmup:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s is not longer than run.warmup_s = %s", num(duration), num(warmup)),
			"only requests issued between warmup_s and duration_s are measured, so nothing would be; make duration_s longer than warmup_s (a warm-up of 10-20 %% of the duration is typical)")
	}
	if r.Replications < 2 {
		c.errorf("run.replications", fmt.Sprintf("run.replications = %d: at least 2 replications are needed", r.Replications),
			"a confidence interval needs at least two independent replications; set replications to 2 or more (leave it unset for %d)", DefaultReplications)
	} else if r.Replications > MaxReplications {
		c.errorf("run.replications", fmt.Sprintf("run.replications = %d is above the supported %d", r.Replications, MaxReplications),
			"the interval narrows with the square root of the replications: 5 to 10 is usual, more only to settle a marginal clause; set replications to at most %d", MaxReplications)
	}
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
	expected := p.totalRPS * *r.DurationS * float64(r.Replications) * float64(runs)
	if expected > float64(r.MaxSimulatedRequests) {
		c.errorf("run.duration_s", fmt.Sprintf("the run would simulate about %s requests, above the limit of %s", count(expected), count(float64(r.MaxSimulatedRequests))),
			"%s rps x %s s x %d replications x %d scenarios (baseline included) = %s requests; shorten duration_s, lower replications, drop scenarios, or raise the provider's max_simulated_requests (run.max_simulated_requests) to at least %s",
			num(p.totalRPS), num(*r.DurationS), r.Replications, runs, count(expected), count(math.Ceil(expected)))
	}
}
