# Failover under faults, with and without a circuit breaker. Two US regions
# serve Virginia and Ohio behind a latency routing policy with health checks,
# a DNS TTL, per-attempt timeouts and retries. Two scenarios hit us-east-1:
# it goes down, or it loses 60 % of its servers (its queue then waits longer
# than the clients' timeout). The same topology is simulated with two
# routing policies that differ only in the circuit breaker, so the plan
# shows side by side what the breaker buys: detection time, the DNS drain,
# RTO, retry amplification and goodput.
#
#   make build && scripts/tf-dev.sh -chdir=examples/failover plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "rto_s" {
  description = "SLA target for the recovery time of each fault scenario, in seconds."
  type        = number
  default     = 60
}

variable "enforce" {
  description = "Fail the plan when a policy misses the SLA. Off by default, so that both policies' figures show side by side."
  type        = bool
  default     = false
}

# Two regions of 10 instances x 5 ms: 2000 requests/s each, with room for
# 1000 waiting requests (2000 x 5 ms / 10 = a 0.5 s queue at most).
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 10
  service_time_ms = 5
  queue_limit     = 1000
}

resource "topology_region" "use2" {
  name            = "us-east-2"
  location        = "aws:us-east-2"
  instances       = 10
  service_time_ms = 5
  queue_limit     = 1000
}

# Nearest healthy region by RTT. A region is marked down after 3 failed
# probes 5 s apart (a probe fails when not served within 1 s); clients keep
# a routing answer for 30 s; an attempt is abandoned after 300 ms and
# retried up to twice with 50 ms x 2^k full-jitter backoff.
resource "topology_routing_policy" "plain" {
  name               = "plain"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 300
  retry              = { max_attempts = 3, backoff_base_ms = 50 }
}

# The same, plus a circuit breaker per client population and region: after
# 5 consecutive failed attempts the clients stop sending to the region for
# 10 s, then let one trial attempt through.
resource "topology_routing_policy" "breaker" {
  name               = "breaker"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 300
  retry              = { max_attempts = 3, backoff_base_ms = 50 }
  circuit_breaker    = { failure_threshold = 5, open_s = 10 }
}

locals {
  # One simulation per routing policy (for_each).
  policies = { plain = topology_routing_policy.plain, breaker = topology_routing_policy.breaker }
}

resource "topology_simulation" "failover" {
  for_each = local.policies

  regions        = [topology_region.use1, topology_region.use2]
  routing_policy = each.value
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200 },
      { name = "ohio", location = "aws:us-east-2", rps = 300 },
    ]
  }
  scenarios = [
    { name = "use1-down", faults = [{ type = "region_outage", region = "us-east-1", at_s = 30 }] },
    { name = "use1-slow", faults = [{ type = "capacity_loss", region = "us-east-1", fraction = 0.6, at_s = 30, duration_s = 60 }] },
  ]
  sla          = { availability = 0.99, rto_s = var.rto_s }
  duration_s   = 120
  warmup_s     = 10
  replications = 3
  seed         = 1
  enforce      = var.enforce
}

locals {
  # results[0] is the baseline, then the scenarios in order.
  faulty = {
    for policy, sim in topology_simulation.failover : policy => {
      for r in slice(sim.results, 1, length(sim.results)) : r.name => r
    }
  }
}

output "recovery" {
  description = "Per policy and scenario: RTO (or 'not recovered'), detection time, availability, retry amplification and goodput."
  value = {
    for policy, scenarios in local.faulty : policy => {
      for name, r in scenarios : name => format(
        "RTO %s, detection %s, availability %.4f, %.2f attempts/request, goodput %.0f rps",
        r.routing.recovered ? format("%.0f s", r.routing.rto_s) : format("not recovered (>= %.0f s)", r.routing.rto_s),
        r.routing.faults[0].detected > 0 ? format("%.1f s", r.routing.faults[0].detection_s) : "none (the region never looked down)",
        r.availability, r.routing.attempts_per_request, r.routing.goodput_rps,
      )
    }
  }
}

output "drain" {
  description = "Without a breaker: share of attempts (retries included) still sent to us-east-1, every 5 s after it went down at 30 s: it falls to zero over one DNS TTL (30 s) once the health checks mark it down."
  value = {
    for p in local.faulty["plain"]["use1-down"].timeline :
    format("t=%03.0fs", p.t_s) => format("%.2f", p.attempts > 0 ? p.region_attempts[0] / p.attempts : 0)
    if p.t_s >= 40 && p.t_s <= 80 && floor(p.t_s / 5) == p.t_s / 5
  }
}

output "sla_status" {
  description = "pass, marginal or fail, per policy."
  value       = { for policy, sim in topology_simulation.failover : policy => sim.sla_status }
}
