# A realistic plan-time check: four AWS regions serve ten client
# populations on three continents behind a latency routing policy with
# health checks, retries and a circuit breaker; an orders store replicates
# asynchronously from us-east-1. Three scenarios hit the topology: its
# busiest region goes down, Europe's region loses half its servers, and a
# campaign doubles the American load. `terraform plan` simulates the
# baseline and the three scenarios and judges the SLA on each.
#
# Nothing here sets `replications`: every scenario runs in rounds of two
# replications until each SLA clause is decided (its whole 95 % interval on
# one side of its target), its interval is within `precision` of the target,
# or `max_replications` is reached (results[*].replications and stopped_by
# say which).
#
#   make bench-plan   (plans this example and times it; see the README)
#   make build && scripts/tf-dev.sh -chdir=examples/realistic plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "latency_p99_ms" {
  description = "SLA target for the 99th percentile of latency over all requests, in milliseconds."
  type        = number
  default     = 400
}

variable "replications" {
  description = "Replications per scenario. Unset (null), the stopping rule decides; 5 was the fixed default before it (make bench-plan compares the two)."
  type        = number
  default     = null
}

variable "enforce" {
  description = "Fail the plan when a scenario misses the SLA."
  type        = bool
  default     = true
}

# Each region: 8 instances x 8 concurrent requests at 20 ms (exponential):
# 3200 requests/s, with up to 2000 waiting.
locals {
  region_sizes = {
    use1  = { name = "us-east-1", instances = 10 }
    usw2  = { name = "us-west-2", instances = 10 }
    euw1  = { name = "eu-west-1", instances = 10 }
    apne1 = { name = "ap-northeast-1", instances = 4 }
  }
}

resource "topology_region" "this" {
  for_each = local.region_sizes

  name                      = each.value.name
  location                  = "aws:${each.value.name}"
  instances                 = each.value.instances
  concurrency               = 8
  service_time_ms           = 20
  service_time_distribution = "exponential"
  queue_limit               = 2000
}

# Nearest healthy region by RTT; a region is marked down after 3 failed
# probes 5 s apart; clients cache the answer 30 s; an attempt is abandoned
# after 500 ms and retried once; a breaker stops sending to a region for
# 10 s after 5 consecutive failures.
resource "topology_routing_policy" "latency" {
  name               = "latency"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 500
  retry              = { max_attempts = 2, backoff_base_ms = 50 }
  circuit_breaker    = { failure_threshold = 5, open_s = 10 }
}

# Orders, led from us-east-1 and replicated asynchronously to the other
# three regions; reads are eventual (served by the nearest replica).
resource "topology_replica_set" "orders" {
  name               = "orders"
  regions            = [for r in topology_region.this : r.name]
  leader             = topology_region.this["use1"].name
  replication        = "async_primary"
  read_consistency   = "eventual"
  promotion_delay_ms = 10000
}

resource "topology_simulation" "realistic" {
  regions        = [for k in keys(local.region_sizes) : topology_region.this[k]]
  routing_policy = topology_routing_policy.latency
  replica_sets   = [topology_replica_set.orders]

  workload = {
    keys   = 100000
    zipf_s = 0.99
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1000, read_ratio = 0.9, replica_set = "orders" },
      { name = "ohio", location = "aws:us-east-2", rps = 500, read_ratio = 0.9, replica_set = "orders" },
      { name = "oregon", location = "aws:us-west-2", rps = 600, read_ratio = 0.9, replica_set = "orders" },
      { name = "california", location = "aws:us-west-1", rps = 500, read_ratio = 0.9, replica_set = "orders" },
      { name = "sao-paulo", location = "aws:sa-east-1", rps = 300, read_ratio = 0.9, replica_set = "orders" },
      { name = "ireland", location = "aws:eu-west-1", rps = 600, read_ratio = 0.9, replica_set = "orders" },
      { name = "frankfurt", location = "aws:eu-central-1", rps = 700, read_ratio = 0.9, replica_set = "orders" },
      { name = "london", location = "aws:eu-west-2", rps = 500, read_ratio = 0.9, replica_set = "orders" },
      { name = "tokyo", location = "aws:ap-northeast-1", rps = 700, read_ratio = 0.9, replica_set = "orders" },
      { name = "singapore", location = "aws:ap-southeast-1", rps = 400, read_ratio = 0.9, replica_set = "orders" },
    ]
  }

  scenarios = [
    { name = "use1-down", faults = [{ type = "region_outage", region = "us-east-1", at_s = 30, duration_s = 60 }] },
    { name = "euw1-half", faults = [{ type = "capacity_loss", region = "eu-west-1", fraction = 0.5, at_s = 30, duration_s = 60 }] },
    {
      name = "americas-campaign"
      faults = [
        for o in ["virginia", "ohio", "oregon", "california"] :
        { type = "traffic_surge", origin = o, multiplier = 2, at_s = 30, duration_s = 60 }
      ]
    },
  ]

  sla = {
    latency_p99_ms = var.latency_p99_ms
    availability   = 0.99
    rto_s          = 60
  }

  duration_s   = 120
  warmup_s     = 10
  replications = var.replications
  seed         = 1
  enforce      = var.enforce
}

output "sla_status" {
  description = "pass, marginal or fail over the baseline and every scenario."
  value       = topology_simulation.realistic.sla_status
}

output "scenarios" {
  description = "Per scenario: p99 and availability with their 95 % intervals, and how many replications the stopping rule ran and why it stopped."
  value = {
    for r in topology_simulation.realistic.results : r.name => format(
      "p99 %.1f ms [%.1f, %.1f], availability %.4f [%.4f, %.4f], %d replications (%s)",
      r.latency_ms.p99, r.latency_ms_ci.p99.low, r.latency_ms_ci.p99.high,
      r.availability, r.availability_ci.low, r.availability_ci.high,
      r.replications, r.stopped_by,
    )
  }
}

output "simulated_requests" {
  description = "Requests simulated over every scenario and replication."
  value       = topology_simulation.realistic.simulated_requests
}
