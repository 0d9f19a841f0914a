# Two regions and the SLA gate: the simulation refers to the regions
# directly, so it is simulated in the plan that creates or changes them,
# and a missed SLA fails that plan.
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_region" "euw1" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 6
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_simulation" "peak" {
  regions = [topology_region.use1, topology_region.euw1]
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1500 },
      { name = "frankfurt", location = "aws:eu-central-1", rps = 1000 },
    ]
  }
  scenarios = [{
    name   = "euw1-slow"
    faults = [{ type = "service_slowdown", region = "eu-west-1", multiplier = 1.5, at_s = 30, duration_s = 30 }]
  }]
  sla          = { latency_p99_ms = 150, availability = 0.999 }
  duration_s   = 90
  warmup_s     = 10
  replications = 3
  seed         = 1
  enforce      = true
}

output "sla_status" {
  value = topology_simulation.peak.sla_status
}
