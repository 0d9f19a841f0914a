# Three AWS regions serving five client populations, checked against an SLA
# at every `terraform plan`.

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

# Pass the regions through a local value. Terraform reads a data source
# that refers to a managed resource directly only at apply time whenever
# that resource has changes pending, which is exactly when the check
# matters; through a local value it is read, and the SLA checked, at plan.
locals {
  regions = [topology_region.use1, topology_region.euw1, topology_region.apse1]
}

data "topology_simulation" "peak" {
  regions = local.regions

  # Each origin is served by the region nearest to it by round-trip time.
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200, read_ratio = 0.9 },
      { name = "sao-paulo", location = "aws:sa-east-1", rps = 300, read_ratio = 0.9 },
      { name = "frankfurt", location = "aws:eu-central-1", rps = 800, read_ratio = 0.9 },
      { name = "mumbai", location = "aws:ap-south-1", rps = 400 },
      { name = "sydney", location = "geo:-33.87,151.21", rps = 200 },
    ]
  }

  # Over all successful requests of all origins, client-side.
  sla = {
    latency_p95_ms = 200
    latency_p99_ms = 300
    availability   = 0.999
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

# For a pull-request comment, e.g. `terraform output -raw report`.
output "report" {
  value = data.topology_simulation.peak.report_markdown
}
