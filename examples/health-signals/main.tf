# Health signals beyond probes, and split-brain reconciliation. An
# async_primary order store is led from us-east-1 with a follower in
# eu-west-1, whose clients read it locally (eventual). The health check
# probes every 2 s and also reads each replica's replication lag and each
# region's queue backlog. Two scenarios:
#
#   - follower-slow: the follower's apply rate is cut tenfold at 30 s, so
#     its lag grows; once above 1 s for 2 checks the follower is marked
#     unhealthy for reads, which then go to the leader: stale reads stop,
#     at the price of the transatlantic round trip.
#   - split: a partition cuts the leader off for 20 s; the follower is
#     promoted after 5 s and the old leader keeps taking its region's
#     writes (split-brain). split_brain_resolution = "merge" merges them at
#     the heal instead of losing them; switch it to "discard" to compare.
#
#   make build && scripts/tf-dev.sh -chdir=examples/health-signals plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "split_brain_resolution" {
  description = "What the heal does with the deposed leader's split-brain writes: merge or discard."
  type        = string
  default     = "merge"
}

resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_region" "euw1" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_replica_set" "orders" {
  name                   = "orders"
  regions                = [topology_region.use1.name, topology_region.euw1.name]
  leader                 = topology_region.use1.name
  replication            = "async_primary"
  read_consistency       = "eventual"
  promotion_delay_ms     = 5000
  split_brain_resolution = var.split_brain_resolution
}

resource "topology_routing_policy" "global" {
  name     = "global"
  strategy = "latency"
  health_check = {
    interval_s             = 2
    failure_threshold      = 2
    max_replication_lag_ms = 1000 # reads leave a replica more than 1 s behind
    max_queue_backlog      = 200  # traffic leaves a region with 200+ requests waiting
  }
  dns_ttl_s = 5
}

locals {
  regions      = [topology_region.use1, topology_region.euw1]
  replica_sets = [topology_replica_set.orders]
  policy       = topology_routing_policy.global
}

data "topology_simulation" "orders" {
  regions        = local.regions
  replica_sets   = local.replica_sets
  routing_policy = local.policy

  workload = {
    keys   = 10000
    zipf_s = 0
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 300, read_ratio = 0.5, replica_set = "orders" },
      { name = "ireland", location = "aws:eu-west-1", rps = 300, read_ratio = 0.9, replica_set = "orders" },
    ]
  }

  scenarios = [
    { name = "follower-slow", faults = [{ type = "apply_slowdown", region = "eu-west-1", multiplier = 10, at_s = 30 }] },
    { name = "split", faults = [{ type = "partition", region = "us-east-1", region_b = "eu-west-1", at_s = 30, duration_s = 20 }] },
  ]

  duration_s   = 90
  warmup_s     = 10
  replications = 3
  seed         = 1
}

locals {
  # results[0] is the baseline, then the scenarios in order.
  baseline = data.topology_simulation.orders.results[0]
  slow     = data.topology_simulation.orders.results[1]
  split    = data.topology_simulation.orders.results[2]
}

output "lag_detection" {
  description = "When the lag signal marked the eu-west-1 follower unhealthy for reads (the apply slowdown starts at 30 s)."
  value = [
    for s in local.slow.routing.health_signals : format("%s %s/%s: first marked at %.1f s, down %.1f s", s.signal, s.region, s.replica_set, s.first_down_s, s.down_s)
    if s.signal == "replication_lag"
  ]
}

output "reads_sent_to_the_leader" {
  description = "Reads the lagging follower would have served, sent to the leader instead (per replication)."
  value       = format("%.0f", local.slow.replica_sets[0].lag_redirected_reads)
}

output "stale_read_ratio" {
  description = "Stale reads without faults and with the slow follower: the lag signal caps them."
  value       = { baseline = format("%.4f", local.baseline.stale_read_ratio), follower_slow = format("%.4f", local.slow.stale_read_ratio) }
}

output "follower_lag_ms" {
  description = "The follower's lag as the health checks read it, every 10 s of the follower-slow scenario."
  value       = [for i, p in local.slow.timeline : format("%.0f s: %.0f ms", p.t_s, p.replica_lag_ms[0][1]) if i % 10 == 0]
}

output "split_brain" {
  description = "The split-brain's writes and what the heal did with them."
  value = format("%.0f split-brain writes: %.0f lost at the heal, %s merged (%.0f conflicting with the new leader's), %.0f lost at the promotion",
    local.split.replica_sets[0].split_brain_writes, local.split.replica_sets[0].lost_at_heal,
    local.split.replica_sets[0].split_brain_merged == null ? "none" : format("%.0f", local.split.replica_sets[0].split_brain_merged),
  local.split.replica_sets[0].conflicts, local.split.replica_sets[0].lost_at_failover)
}
