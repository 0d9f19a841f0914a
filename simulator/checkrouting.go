package simulator

// Defaults of the routing layer.
const (
	// DefaultHealthIntervalS is the time between probes of a region: 10 s,
	// Route 53's fast health-check interval.
	DefaultHealthIntervalS = 10.0
	// DefaultFailureThreshold is the consecutive failed probes that mark a
	// region down (and successes that mark it up): 3, Route 53's default.
	DefaultFailureThreshold = 3
	// DefaultHealthTimeoutMs is how long a probe may take: 2 s, or the
	// interval when that is shorter.
	DefaultHealthTimeoutMs = 2000.0
	// DefaultDNSTTLS is how long clients cache a routing answer: 60 s, a
	// common TTL for failover records.
	DefaultDNSTTLS = 60.0
	// DefaultMaxAttempts is 1: no retry unless the policy asks for it.
	DefaultMaxAttempts = 1
	// DefaultBackoffBaseMs and DefaultBackoffMaxMs shape the retry
	// backoff: 50 ms doubling up to 2 s.
	DefaultBackoffBaseMs = 50.0
	DefaultBackoffMaxMs  = 2000.0
	// DefaultBreakerOpenS is how long an open circuit breaker stays open:
	// 30 s.
	DefaultBreakerOpenS = 30.0
	// DefaultBreakerThreshold is the consecutive failures that open it: 5.
	DefaultBreakerThreshold = 5
)

// applyRoutingDefaults fills the routing policy's unset optional values
// (see ApplyDefaults). DNSTTLS and RequestTimeoutMs are not defaulted here:
// 0 is a meaningful value for both (no caching, no timeout), so a front-end
// that wants DefaultDNSTTLS for an unset TTL fills it itself.
func applyRoutingDefaults(m *Model) {
	rp := m.RoutingPolicy
	if rp == nil {
		return
	}
	if rp.Strategy == "" {
		rp.Strategy = StrategyLatency
	}
	hc := &rp.HealthCheck
	if hc.IntervalS == 0 {
		hc.IntervalS = DefaultHealthIntervalS
	}
	if hc.FailureThreshold == 0 {
		hc.FailureThreshold = DefaultFailureThreshold
	}
	if hc.TimeoutMs == 0 && hc.IntervalS > 0 {
		hc.TimeoutMs = min(DefaultHealthTimeoutMs, hc.IntervalS*1000)
	}
	if rp.Retry.MaxAttempts == 0 {
		rp.Retry.MaxAttempts = DefaultMaxAttempts
	}
	if rp.Retry.BackoffBaseMs == 0 {
		rp.Retry.BackoffBaseMs = DefaultBackoffBaseMs
	}
	if rp.Retry.BackoffMaxMs == 0 {
		rp.Retry.BackoffMaxMs = max(DefaultBackoffMaxMs, rp.Retry.BackoffBaseMs)
	}
	if cb := rp.CircuitBreaker; cb != nil {
		if cb.FailureThreshold == 0 {
			cb.FailureThreshold = DefaultBreakerThreshold
		}
		if cb.OpenS == 0 {
			cb.OpenS = DefaultBreakerOpenS
		}
	}
}
