# A gray failure: us-east-1 stays up but serves every request twice as
# slowly for a minute (a bad deploy, a noisy neighbour, a degraded disk).
# Its health checks keep passing, because a probe answered in 10 ms instead
# of 5 ms is still far inside the 1 s probe timeout, so the routing policy
# never fails over; only the latency SLA sees it.
#
#   make build && scripts/tf-dev.sh -chdir=examples/gray-failure plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "multiplier" {
  description = "How many times its usual service time us-east-1 takes during the slowdown."
  type        = number
  default     = 2
}

# Two regions of 10 instances x 5 ms: 2000 requests/s each. Slowed twice,
# us-east-1 serves 1000 requests/s, still above Virginia's 700: it queues
# more, but it does not overflow.
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

# Probes every 5 s, a region is down after 3 failed ones (a probe fails
# when not answered within 1 s); 300 ms per attempt, up to 3 attempts.
resource "topology_routing_policy" "latency" {
  name               = "latency"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 300
  retry              = { max_attempts = 3, backoff_base_ms = 50 }
}

resource "topology_simulation" "gray" {
  regions        = [topology_region.use1, topology_region.use2]
  routing_policy = topology_routing_policy.latency
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 700 },
      { name = "ohio", location = "aws:us-east-2", rps = 300 },
    ]
  }
  scenarios = [{
    name   = "use1-slow"
    faults = [{ type = "service_slowdown", region = "us-east-1", multiplier = var.multiplier, at_s = 30, duration_s = 60 }]
  }]
  sla          = { latency_p99_ms = 40, availability = 0.999 }
  duration_s   = 120
  warmup_s     = 10
  replications = 3
  seed         = 1
  enforce      = false # show the figures; the SLA verdict is in sla_status
}

output "p99_ms" {
  description = "p99 latency per scenario and origin, ms."
  value = {
    for r in topology_simulation.gray.results : r.name => {
      for o in r.origins : o.name => o.latency_ms.p99
    }
  }
}

output "detected" {
  description = "Share of replications in which the health checks marked the slowed region down (a gray failure: 0)."
  value       = { for f in topology_simulation.gray.results[1].routing.faults : f.region => f.detected }
}

output "sla_status" {
  description = "The worst SLA clause status over the scenarios: fail, from the slowdown's p99."
  value       = topology_simulation.gray.sla_status
}
