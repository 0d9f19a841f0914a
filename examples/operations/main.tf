# Operations with their own consistency contracts, side by side. A shop's
# clients in Virginia and Ohio send a mix of named operations: catalog
# reads that tolerate eventual agreement (served by the local replica),
# cart updates and checkouts that need immediate finality (written to a
# sync_quorum set). The catalog set itself reads strong; the browse
# operation overrides it with eventual, so the plan shows what each
# contract costs in latency and stale reads, per operation.
#
# Checkouts are not idempotent (a second commit charges twice); cart
# updates are (a put of the whole cart). A retry storm scenario, us-east-1
# losing 60 % of its servers while attempts time out after 300 ms and are
# retried, shows the duplicate writes: attempts that timed out on the
# client still commit, and their retries commit again.
#
#   make build && scripts/tf-dev.sh -chdir=examples/operations plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "enforce" {
  description = "Fail the plan when an SLA clause fails. Off by default, so that the retry storm's duplicate writes show as a warning beside the figures."
  type        = bool
  default     = false
}

# Three US regions of 10 instances x 5 ms: 2000 requests/s each.
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

resource "topology_region" "usw2" {
  name            = "us-west-2"
  location        = "aws:us-west-2"
  instances       = 10
  service_time_ms = 5
  queue_limit     = 1000
}

# Orders: a write commits when the leader and the nearest follower have it.
resource "topology_replica_set" "orders" {
  name             = "orders"
  regions          = ["us-east-1", "us-east-2", "us-west-2"]
  leader           = "us-east-1"
  replication      = "sync_quorum"
  read_consistency = "strong"
}

# Catalog: one leader in Ohio and a replica in every region. Its own reads
# are strong (from the leader); the browse operation reads it eventually.
resource "topology_replica_set" "catalog" {
  name             = "catalog"
  regions          = ["us-east-2", "us-east-1", "us-west-2"]
  leader           = "us-east-2"
  replication      = "async_primary"
  read_consistency = "strong"
}

# Nearest healthy region; an attempt is abandoned after 300 ms and retried
# up to twice with 50 ms x 2^k full-jitter backoff.
resource "topology_routing_policy" "global" {
  name               = "global"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 300
  retry              = { max_attempts = 3, backoff_base_ms = 50 }
}

locals {
  # One mix for both cities: the contracts are the operations', not the
  # origins'.
  operations = [
    { name = "browse", share = 0.85, replica_set = "catalog", kind = "read", read_consistency = "eventual",
    latency_p99_ms = 100, stale_read_ratio = 0.05 },
    { name = "publish", share = 0.03, replica_set = "catalog", kind = "write", idempotent = true },
    { name = "cart-update", share = 0.07, replica_set = "orders", kind = "write", idempotent = true },
    { name = "checkout", share = 0.05, replica_set = "orders", kind = "write", latency_p99_ms = 250,
    duplicate_write_ratio = 0 },
  ]
}

resource "topology_simulation" "shop" {
  regions        = [topology_region.use1, topology_region.use2, topology_region.usw2]
  replica_sets   = [topology_replica_set.orders, topology_replica_set.catalog]
  routing_policy = topology_routing_policy.global
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200, operations = local.operations },
      { name = "ohio", location = "aws:us-east-2", rps = 300, operations = local.operations },
    ]
    keys   = 10000
    zipf_s = 0.99
  }
  scenarios = [
    { name = "use1-slow", faults = [{ type = "capacity_loss", region = "us-east-1", fraction = 0.6, at_s = 20, duration_s = 30 }] },
  ]
  sla          = { availability = 0.99, duplicate_write_ratio = 0 }
  duration_s   = 60
  warmup_s     = 5
  replications = 3
  seed         = 1
  enforce      = var.enforce
}

output "operations" {
  description = "Per scenario, origin and operation: its contract and what it measured."
  value = {
    for r in topology_simulation.shop.results : r.name => {
      for op in r.operations : "${op.origin}/${op.name}" => format(
        "%-5s %-7s %-8s p99 %6.1f ms, availability %.4f, %s",
        op.kind, op.replica_set, op.kind == "read" ? op.read_consistency : (op.idempotent ? "idem" : "non-idem"),
        op.latency_ms.p99, op.availability,
        op.kind == "read" ? format("stale reads %.4f", op.stale_read_ratio) : format("duplicate writes %.1f (%.4f per write)", op.duplicate_writes, op.duplicate_write_ratio),
      )
    }
  }
}

output "duplicate_writes" {
  description = "Duplicate writes per replication, all write operations together, per scenario."
  value       = { for r in topology_simulation.shop.results : r.name => r.duplicate_writes }
}

output "failed_clauses" {
  description = "The clauses that did not pass, per scenario (operation clauses name their origin and operation)."
  value = {
    for r in topology_simulation.shop.results : r.name => [
      for c in r.sla : format("%s%s: %s (observed %s, target %g)", c.clause,
        c.operation == null ? "" : format(" [%s/%s]", c.origin, c.operation), c.status,
      c.observed == null ? "n/a" : format("%.4g", c.observed), c.target)
      if c.status != "pass"
    ]
  }
}

output "sla_status" {
  description = "pass, marginal or fail."
  value       = topology_simulation.shop.sla_status
}
