# Replication modes compared: the same three regions, the same workload and
# the same leader outage, simulated once per replication mode of the data
# store. `terraform plan` shows, per mode, what writes cost (p99), what a
# leader failure loses (lost writes, RPO) and how often reads are stale.
#
#   make build && scripts/tf-dev.sh -chdir=examples/replication-modes plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "read_consistency" {
  description = "Read consistency of every replica set: strong, bounded_staleness, eventual or read_your_writes. Eventual reads show the stale reads each mode causes; read_your_writes removes those of a session's own writes (100 sessions per origin by default) at the cost of reads forwarded to the leader."
  type        = string
  default     = "eventual"
}

variable "rpo_ms" {
  description = "SLA target for the window of writes lost at a failover, in milliseconds: 0 demands that no committed write is ever lost."
  type        = number
  default     = 0
}

variable "enforce" {
  description = "Fail the plan when a mode misses the SLA. Off by default, so that every mode's figures show side by side."
  type        = bool
  default     = false
}

# Three regions of 6 x 8 servers at 20 ms: 2400 requests/s each.
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20
  queue_limit     = 2000
}

resource "topology_region" "euw1" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20
  queue_limit     = 2000
}

resource "topology_region" "apne1" {
  name            = "ap-northeast-1"
  location        = "aws:ap-northeast-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20
  queue_limit     = 2000
}

# One replica set per mode, all led from us-east-1 and replicated to the
# three regions.

# A write commits on a majority (2 of 3, leader included): the nearest
# follower's round trip is on every write's path, and a leader failure
# loses nothing, at the cost of an election during which writes fail.
resource "topology_replica_set" "sync_quorum" {
  name             = "orders-sync"
  regions          = [topology_region.use1.name, topology_region.euw1.name, topology_region.apne1.name]
  leader           = topology_region.use1.name
  replication      = "sync_quorum"
  read_consistency = var.read_consistency
}

# A write commits at the leader alone: fast, but a leader failure loses the
# writes the promoted follower had not applied yet.
resource "topology_replica_set" "async_primary" {
  name               = "orders-async"
  regions            = [topology_region.use1.name, topology_region.euw1.name, topology_region.apne1.name]
  leader             = topology_region.use1.name
  replication        = "async_primary"
  read_consistency   = var.read_consistency
  promotion_delay_ms = 10000
}

# Every region takes writes locally: fastest writes, no failover, but
# concurrent writes to a hot key conflict (last writer wins loses one).
resource "topology_replica_set" "multi_leader" {
  name                = "orders-multi"
  regions             = [topology_region.use1.name, topology_region.euw1.name, topology_region.apne1.name]
  leader              = topology_region.use1.name
  replication         = "multi_leader"
  read_consistency    = var.read_consistency
  conflict_resolution = "lww"
}

locals {
  # One simulation per replica set (for_each).
  replica_sets = {
    sync_quorum   = topology_replica_set.sync_quorum
    async_primary = topology_replica_set.async_primary
    multi_leader  = topology_replica_set.multi_leader
  }
}

# One simulation per mode, identical but for the replica set.
resource "topology_simulation" "mode" {
  for_each = local.replica_sets

  regions      = [topology_region.use1, topology_region.euw1, topology_region.apne1]
  replica_sets = [each.value]

  workload = {
    keys   = 100000
    zipf_s = 0.99 # a few hot keys, as on most web workloads
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200, read_ratio = 0.8 },
      { name = "ireland", location = "aws:eu-west-1", rps = 800, read_ratio = 0.8 },
      { name = "tokyo", location = "aws:ap-northeast-1", rps = 600, read_ratio = 0.8 },
    ]
  }

  # The leader's region fails 30 s into the run, for 30 s.
  scenarios = [{
    name   = "leader-down"
    faults = [{ type = "region_outage", region = "us-east-1", at_s = 30, duration_s = 30 }]
  }]

  sla = {
    write_latency_p99_ms = 600
    rpo_ms               = var.rpo_ms
  }

  duration_s   = 90
  warmup_s     = 10
  replications = 5
  seed         = 1
  enforce      = var.enforce
}

locals {
  # results[0] is the baseline, results[1] the leader-down scenario.
  baseline    = { for mode, sim in topology_simulation.mode : mode => sim.results[0] }
  leader_down = { for mode, sim in topology_simulation.mode : mode => sim.results[1] }
}

output "write_p99_ms" {
  description = "Client-side write latency p99 with its 95% interval, without faults."
  value = {
    for mode, r in local.baseline :
    mode => format("%.1f ms [%.1f, %.1f]", r.write_latency_ms.p99, r.write_latency_ms_ci.p99.low, r.write_latency_ms_ci.p99.high)
  }
}

output "lost_writes" {
  description = "Committed writes lost when the leader's region fails (per replication)."
  value = {
    for mode, r in local.leader_down :
    mode => format("%.1f [%.1f, %.1f]", r.lost_writes, r.lost_writes_ci.low, r.lost_writes_ci.high)
  }
}

output "rpo_ms" {
  description = "Window of lost writes at the failover, in milliseconds."
  value = {
    for mode, r in local.leader_down :
    mode => format("%.1f ms [%.1f, %.1f]", r.rpo_ms, r.rpo_ms_ci.low, r.rpo_ms_ci.high)
  }
}

output "write_availability" {
  description = "Fraction of writes that succeed while the leader's region is down."
  value       = { for mode, r in local.leader_down : mode => format("%.4f", r.write_availability) }
}

output "stale_read_ratio" {
  description = "Fraction of reads returning data older than the last committed version, without faults."
  value       = { for mode, r in local.baseline : mode => format("%.4f", r.stale_read_ratio) }
}

output "own_write_stale_read_ratio" {
  description = "With read_consistency = read_your_writes: reads older than their own session's write (0 by construction) and reads forwarded to the leader for it, without faults; \"-\" for other consistencies."
  value = {
    for mode, r in local.baseline :
    mode => r.sessions == null ? "-" : format("own %.4f, forwarded %.4f", r.sessions.own_write_stale_read_ratio, r.sessions.forwarded_read_ratio)
  }
}

output "conflict_ratio" {
  description = "Fraction of writes that conflicted (multi_leader only), without faults."
  value       = { for mode, r in local.baseline : mode => format("%.5f", r.conflict_ratio) }
}

output "sla_status" {
  description = "pass, marginal or fail, per mode."
  value       = { for mode, sim in topology_simulation.mode : mode => sim.sla_status }
}
