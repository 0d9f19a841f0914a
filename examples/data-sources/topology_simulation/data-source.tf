# Three AWS regions serving five client populations from a replicated data
# store, checked against an SLA at every `terraform plan`, also while the
# leader's region is down.

resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20 # capacity 6 x 8 x 1000 / 20 = 2400 requests/s
  queue_limit     = 2000
}

resource "topology_region" "euw1" {
  name                      = "eu-west-1"
  location                  = "aws:eu-west-1"
  instances                 = 4
  concurrency               = 8
  service_time_ms           = 20 # 1600 requests/s
  service_time_distribution = "lognormal"
  service_time_p99_over_p50 = 3
  queue_limit               = 2000
}

resource "topology_region" "apse1" {
  name            = "ap-southeast-1"
  location        = "aws:ap-southeast-1"
  instances       = 3
  concurrency     = 8
  service_time_ms = 25 # 960 requests/s
  queue_limit     = 1000
}

# The data store: Raft-like replication over the three regions, led from
# us-east-1. A write commits on a majority (2 of 3); reads are served by the
# local replica while it is at most 1 s behind.
resource "topology_replica_set" "orders" {
  name               = "orders"
  regions            = [topology_region.use1.name, topology_region.euw1.name, topology_region.apse1.name]
  leader             = topology_region.use1.name
  replication        = "sync_quorum"
  read_consistency   = "bounded_staleness"
  staleness_bound_ms = 1000
}

# Pass the regions and replica sets through local values. Terraform reads a
# data source that refers to a managed resource directly only at apply time
# whenever that resource has changes pending, which is exactly when the check
# matters; through a local value it is read, and the SLA checked, at plan.
locals {
  regions      = [topology_region.use1, topology_region.euw1, topology_region.apse1]
  replica_sets = [topology_replica_set.orders]
}

data "topology_simulation" "peak" {
  regions      = local.regions
  replica_sets = local.replica_sets

  # Each origin is served by the region nearest to it by round-trip time.
  workload = {
    keys   = 100000 # requests read and write 100 000 keys,
    zipf_s = 0.99   # a few of them hot
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200, read_ratio = 0.9 },
      { name = "sao-paulo", location = "aws:sa-east-1", rps = 300, read_ratio = 0.9 },
      { name = "frankfurt", location = "aws:eu-central-1", rps = 800, read_ratio = 0.9 },
      { name = "mumbai", location = "aws:ap-south-1", rps = 400, read_ratio = 0.95, replica_set = "orders" },
      { name = "sydney", location = "geo:-33.87,151.21", rps = 200, read_ratio = 0.95 },
    ]
  }

  # Every scenario runs after the baseline (no faults), with the same seed.
  scenarios = [{
    name   = "leader-down"
    faults = [{ type = "region_outage", region = "us-east-1", at_s = 30, duration_s = 20 }]
  }]

  # Checked in every scenario. Latency is client-side, over all successful
  # requests of all origins. (No availability clause: while a region is down
  # its own clients fail, which the results report as availability.)
  sla = {
    latency_p95_ms       = 400
    latency_p99_ms       = 500
    write_latency_p99_ms = 600
    rpo_ms               = 0 # no committed write may be lost at a failover
  }

  duration_s   = 60
  warmup_s     = 10
  replications = 5

  # A failed clause fails the plan; set to false to only warn.
  enforce = true
}

output "sla_status" {
  value = data.topology_simulation.peak.sla_status # "pass", "marginal" or "fail"
}

# The 99th-percentile latency each origin sees, with its 95% interval.
output "p99_by_origin" {
  value = {
    for o in data.topology_simulation.peak.results[0].origins :
    o.name => format("%.1f ms [%.1f, %.1f] via %s", o.latency_ms.p99,
    o.latency_ms_ci.p99.low, o.latency_ms_ci.p99.high, o.served_by)
  }
}

# What the leader outage cost the replica set.
output "leader_down" {
  value = {
    for rs in data.topology_simulation.peak.results[1].replica_sets :
    rs.name => format("%.1f lost writes, RPO %.1f ms, writes unavailable %.1f s, %.0f failover(s)",
    rs.lost_writes, rs.rpo_ms, rs.write_unavailable_s, rs.failovers)
  }
}

# For a pull-request comment, e.g. `terraform output -raw report`.
output "report" {
  value = data.topology_simulation.peak.report_markdown
}
