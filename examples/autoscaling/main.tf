# A diurnal day, planned with and without autoscaling side by side. One
# web region in us-east-1 serves a client population whose rate follows
# the day: 0.25x at night, 3x at the 14:00 UTC peak (base 5 rps: 1.25 to
# 15 rps). An instance serves one request at a time in 200 ms on average
# (5 rps per instance). Two simulations of the same 24 hours:
#
#   - fixed: 5 instances all day, enough for the peak at 60 % utilization;
#   - autoscaled: 1 to 5 instances, target tracking at 60 % utilization,
#     evaluated every 60 s, 3-minute warm-up, 5-minute scale-in cooldown.
#
# The outputs put side by side the p99, the instances over the day (one
# point per 24 s of simulated time) and the cost per day, from a price per
# instance-hour. The whole day is simulated (no compression) at a modest
# rate, so each plan simulates about 2 x 0.7 million requests per
# replication; it plans in about 8 s here. Measured: p99 942 ms fixed and
# 1087 ms autoscaled (both within the 2 s target), 119 against 74
# instance-hours, 23.04 against 14.31 USD per day.
#
#   make build && scripts/tf-dev.sh -chdir=examples/autoscaling plan

terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

provider "topology" {}

variable "instance_hour" {
  description = "Price of one instance-hour, in USD."
  type        = number
  default     = 0.192
}

locals {
  prices = { currency = "USD", instance_hour = var.instance_hour, transfer_out_gb = 0, internet_egress_gb = 0, storage_gb_month = 0 }
  region = {
    name            = "us-east-1"
    location        = "aws:us-east-1"
    concurrency     = 1
    service_time_ms = 200
    prices          = local.prices
  }
  workload = {
    start_hour_utc = 0
    origins = [{
      name         = "shoppers"
      location     = "aws:us-east-1"
      rps          = 5
      load_profile = { diurnal = { peak_multiplier = 3, trough_multiplier = 0.25, peak_hour_utc = 14 } }
    }]
  }
  sla = { latency_p99_ms = 2000, availability = 0.999 }
}

resource "topology_region" "fixed" {
  name            = local.region.name
  location        = local.region.location
  instances       = 5
  concurrency     = local.region.concurrency
  service_time_ms = local.region.service_time_ms
  prices          = local.prices
}

resource "topology_region" "autoscaled" {
  name            = local.region.name
  location        = local.region.location
  instances       = 1 # the count at midnight, the start of the run
  concurrency     = local.region.concurrency
  service_time_ms = local.region.service_time_ms
  prices          = local.prices
  autoscaling = {
    min_instances         = 1
    max_instances         = 5
    signal                = "utilization"
    target                = 0.6
    evaluation_interval_s = 60
    scale_in_cooldown_s   = 300
    warmup_s              = 180
  }
}

locals {
  fixed_regions      = [topology_region.fixed]
  autoscaled_regions = [topology_region.autoscaled]
}

data "topology_simulation" "fixed" {
  regions  = local.fixed_regions
  workload = local.workload
  sla      = local.sla

  # The whole day, at the same seed for both.
  duration_s   = 86400
  warmup_s     = 600
  replications = 2
  seed         = 7
}

data "topology_simulation" "autoscaled" {
  regions  = local.autoscaled_regions
  workload = local.workload
  sla      = local.sla

  # The whole day, at the same seed for both.
  duration_s   = 86400
  warmup_s     = 600
  replications = 2
  seed         = 7
}

locals {
  fixed      = data.topology_simulation.fixed.results[0]
  autoscaled = data.topology_simulation.autoscaled.results[0]
  # One point every 30 minutes of the day (the timeline has one per 24 s).
  every = 75
}

output "p99_ms" {
  description = "p99 latency over the day, fixed and autoscaled."
  value = {
    fixed      = local.fixed.latency_ms.p99
    autoscaled = local.autoscaled.latency_ms.p99
  }
}

output "sla_met" {
  value = {
    fixed      = data.topology_simulation.fixed.sla_met
    autoscaled = data.topology_simulation.autoscaled.sla_met
  }
}

output "cost_per_day" {
  description = "Compute cost of the day (per hour x 24), in USD."
  value = {
    fixed      = local.fixed.cost.per_hour.total * 24
    autoscaled = local.autoscaled.cost.per_hour.total * 24
  }
}

output "instance_hours" {
  value = {
    fixed      = local.fixed.cost.regions[0].instance_hours
    autoscaled = local.autoscaled.cost.regions[0].instance_hours
  }
}

output "autoscaled_instances_every_30_min" {
  description = "Instances serving at each half hour of the day (UTC), the mean over the replications (a .5 where they differ); the fixed region serves 5 all day."
  value       = [for i, p in local.autoscaled.timeline : p.instances[0].serving if i % local.every == 0]
}

output "p99_ms_every_30_min" {
  description = "p99 of each half hour's first 24 s step, fixed and autoscaled."
  value = {
    fixed      = [for i, p in local.fixed.timeline : p.p99_ms if i % local.every == 0]
    autoscaled = [for i, p in local.autoscaled.timeline : p.p99_ms if i % local.every == 0]
  }
}

output "scale_events" {
  description = "The autoscaler's decisions in the first replication."
  value       = length(local.autoscaled.scale_events)
}
