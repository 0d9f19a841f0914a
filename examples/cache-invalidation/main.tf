# Cache invalidation compared: the same two regions, the same replica set and
# the same write-heavy workload, with a per-region cache in front of the data
# store, simulated once with write_policy = "ttl_only" and once with
# write_policy = "invalidate". `terraform plan` shows, per policy, the hit
# ratio and the stale hits of each region's cache, the stale-read ratio
# against the SLA, and, after a cache_flush, the cold cache warming up.
#
#   make build && scripts/tf-dev.sh -chdir=examples/cache-invalidation plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "ttl_s" {
  description = "TTL of both cache tiers, in seconds. A ttl_only cache serves an entry that a write has overtaken until the entry expires, so its stale reads grow with the TTL."
  type        = number
  default     = 120
}

variable "stale_read_ratio" {
  description = "SLA target for the fraction of reads that return data older than the last committed version."
  type        = number
  default     = 0.001
}

variable "enforce" {
  description = "Fail the plan when a policy misses the SLA. Off by default, so that both policies' figures show side by side."
  type        = bool
  default     = false
}

# Two regions of 4 x 8 servers at 10 ms: 3200 requests/s each.
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 10
  queue_limit     = 1000
}

resource "topology_region" "euw1" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 10
  queue_limit     = 1000
}

# The data store, led from us-east-1. Reads are strong (served by the
# leader), so the replicas never serve a stale read: every stale read in the
# results comes from a cache.
resource "topology_replica_set" "orders" {
  name             = "orders"
  regions          = [topology_region.use1.name, topology_region.euw1.name]
  leader           = topology_region.use1.name
  replication      = "async_primary"
  read_consistency = "strong"
}

# Writes never touch this cache: an entry is stale from the next write to its
# key until it expires (ttl_s).
resource "topology_cache_tier" "ttl_only" {
  name          = "orders-ttl"
  replica_set   = topology_replica_set.orders.name
  regions       = [topology_region.use1.name, topology_region.euw1.name]
  capacity_keys = 2000
  ttl_s         = var.ttl_s
  write_policy  = "ttl_only"
}

# A committed write removes the key from both regions' caches, after the
# one-way delay from the leader: stale hits only inside that window.
resource "topology_cache_tier" "invalidate" {
  name          = "orders-inv"
  replica_set   = topology_replica_set.orders.name
  regions       = [topology_region.use1.name, topology_region.euw1.name]
  capacity_keys = 2000
  ttl_s         = var.ttl_s
  write_policy  = "invalidate"
}

locals {
  # One simulation per cache tier (for_each).
  cache_tiers = {
    ttl_only   = topology_cache_tier.ttl_only
    invalidate = topology_cache_tier.invalidate
  }
}

# One simulation per write policy, identical but for the cache tier.
resource "topology_simulation" "policy" {
  for_each = local.cache_tiers

  regions      = [topology_region.use1, topology_region.euw1]
  replica_sets = [topology_replica_set.orders]
  cache_tiers  = [each.value]

  # Write-heavy (30 % writes) on 10 000 keys with a few hot ones.
  workload = {
    keys   = 10000
    zipf_s = 0.99
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 800, read_ratio = 0.7 },
      { name = "ireland", location = "aws:eu-west-1", rps = 600, read_ratio = 0.7 },
    ]
  }

  # Every cache of the tier loses all its entries 20 s into the run.
  scenarios = [{
    name   = "cold-cache"
    faults = [{ type = "cache_flush", tier = each.value.name, at_s = 20 }]
  }]

  sla = {
    stale_read_ratio = var.stale_read_ratio
  }

  duration_s   = 30
  warmup_s     = 5
  replications = 3
  seed         = 1
  enforce      = var.enforce
}

locals {
  # results[0] is the baseline, results[1] the cold-cache scenario.
  baseline = { for policy, sim in topology_simulation.policy : policy => sim.results[0] }
  flushed  = { for policy, sim in topology_simulation.policy : policy => sim.results[1] }
}

output "stale_read_ratio" {
  description = "Fraction of reads that returned data older than the last committed version (all from the caches here), with its 95% interval, without faults."
  value = {
    for policy, r in local.baseline :
    policy => format("%.5f [%.5f, %.5f]", r.stale_read_ratio, r.stale_read_ratio_ci.low, r.stale_read_ratio_ci.high)
  }
}

output "hit_ratio_by_region" {
  description = "Hit ratio and stale hits (as a fraction of hits) of each region's cache, without faults."
  value = {
    for policy, r in local.baseline :
    policy => {
      for c in r.cache_tiers[0].regions :
      c.region => format("hits %.3f, stale hits %.4f", c.hit_ratio, c.stale_hit_ratio)
    }
  }
}

output "read_p99_ms" {
  description = "Client-side read latency p99, without faults."
  value       = { for policy, r in local.baseline : policy => format("%.1f ms", r.read_latency_ms.p99) }
}

output "cold_cache_warm_up" {
  description = "Cache hit ratio per second around the flush at t = 20 s (invalidate policy): a cold cache, then the warm-up."
  value = {
    for p in local.flushed["invalidate"].timeline :
    format("t=%02.0fs", p.t_s) => format("hits %.3f, p99 %.1f ms", p.cache_hit_ratio, p.p99_ms)
    if p.t_s >= 18 && p.t_s <= 25
  }
}

output "sla_status" {
  description = "pass, marginal or fail, per write policy."
  value       = { for policy, sim in topology_simulation.policy : policy => sim.sla_status }
}
