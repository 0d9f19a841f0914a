# Quickstart: three serving regions, three client populations, and an SLA
# that `terraform plan` checks by simulating the topology under its peak load.
#
#   make demo        (or, by hand, see README.md in this directory)

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "instances_per_region" {
  description = "Instances in each region: lower it to see the SLA fail (with enforce = false)."
  type        = number
  default     = 6
}

variable "latency_p99_ms" {
  description = "SLA target for the 99th percentile of latency over all requests: set it below what the topology can do (say 80) to see the plan fail."
  type        = number
  default     = 150
}

variable "enforce" {
  description = "Fail the plan when the SLA is violated."
  type        = bool
  default     = true
}

# Each region: 6 instances x 8 concurrent requests, 20 ms mean service time
# (exponential), up to 2000 waiting requests: about 2400 requests/s.
resource "topology_region" "use1" {
  name                      = "us-east-1"
  location                  = "aws:us-east-1"
  instances                 = var.instances_per_region
  concurrency               = 8
  service_time_ms           = 20
  service_time_distribution = "exponential"
  queue_limit               = 2000
}

resource "topology_region" "euw1" {
  name                      = "eu-west-1"
  location                  = "aws:eu-west-1"
  instances                 = var.instances_per_region
  concurrency               = 8
  service_time_ms           = 20
  service_time_distribution = "exponential"
  queue_limit               = 2000
}

resource "topology_region" "apne1" {
  name                      = "ap-northeast-1"
  location                  = "aws:ap-northeast-1"
  instances                 = var.instances_per_region
  concurrency               = 8
  service_time_ms           = 20
  service_time_distribution = "exponential"
  queue_limit               = 2000
}

# Simulated during `terraform plan`, with the planned values of the
# regions it refers to: a plan that breaks the SLA fails before anything is
# applied.
resource "topology_simulation" "peak" {
  regions = [topology_region.use1, topology_region.euw1, topology_region.apne1]

  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1500, read_ratio = 0.9 },
      # No region in Frankfurt: these clients cross to the nearest one.
      { name = "frankfurt", location = "aws:eu-central-1", rps = 1000, read_ratio = 0.9 },
      { name = "tokyo", location = "aws:ap-northeast-1", rps = 800 },
    ]
  }

  sla = {
    latency_p99_ms = var.latency_p99_ms
    availability   = 0.999
  }

  duration_s   = 120
  warmup_s     = 10
  replications = 5
  seed         = 1
  enforce      = var.enforce
}

locals {
  baseline = topology_simulation.peak.results[0]
}

output "sla_met" {
  description = "Whether every SLA clause passes (the whole 95% interval meets its target)."
  value       = topology_simulation.peak.sla_met
}

output "sla_status" {
  description = "pass, marginal or fail."
  value       = topology_simulation.peak.sla_status
}

output "sla" {
  description = "Each SLA clause: target, observed value, 95% interval, status."
  value = [
    for c in local.baseline.sla :
    format("%-16s target %-8s observed %-10s [%s, %s]  %s", c.clause, tostring(c.target),
    format("%.4g", c.observed), format("%.4g", c.ci_low), format("%.4g", c.ci_high), c.status)
  ]
}

output "latency_ms" {
  description = "Per origin: serving region, p50 and p99 latency with their 95% intervals."
  value = {
    for o in local.baseline.origins : o.name => format(
      "served by %s: p50 %.1f ms [%.1f, %.1f], p99 %.1f ms [%.1f, %.1f]",
      o.served_by,
      o.latency_ms.p50, o.latency_ms_ci.p50.low, o.latency_ms_ci.p50.high,
      o.latency_ms.p99, o.latency_ms_ci.p99.low, o.latency_ms_ci.p99.high,
    )
  }
}

output "availability" {
  description = "Successful / all requests, with its 95% interval, overall and per origin."
  value = merge(
    {
      all = format("%.5f [%.5f, %.5f]", local.baseline.availability,
      local.baseline.availability_ci.low, local.baseline.availability_ci.high)
    },
    {
      for o in local.baseline.origins : o.name => format("%.5f [%.5f, %.5f]",
      o.availability, o.availability_ci.low, o.availability_ci.high)
    },
  )
}

output "utilization" {
  description = "Busy fraction of each region's servers."
  value       = { for r, u in local.baseline.utilization : r => format("%.0f%%", u * 100) }
}

output "simulated_requests" {
  description = "Requests simulated over all replications."
  value       = topology_simulation.peak.simulated_requests
}

output "frankfurt_to_ireland_ms" {
  description = "Round trip from the Frankfurt clients to eu-west-1 as the latency model has it, and its speed-of-light floor (provider functions)."
  value = {
    rtt   = provider::topology::rtt_ms("aws:eu-central-1", "aws:eu-west-1")
    floor = floor(provider::topology::rtt_floor_ms("aws:eu-central-1", "aws:eu-west-1") * 10) / 10
  }
}
