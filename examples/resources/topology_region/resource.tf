# A region in an AWS catalog location: 10 instances serving 8 requests each
# at 20 ms mean service time, so capacity_rps = 10 * 8 * 1000 / 20 = 4000.
# Its jurisdiction defaults to the catalog's, "US".
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 10
  concurrency     = 8
  service_time_ms = 20

  # Admission control: at most 1000 requests wait for a free server; the
  # next one is rejected at once instead of timing out later.
  queue_limit = 1000
}

# A right-skewed service time, closer to a real service than the default
# exponential: its p99 is four times its median.
resource "topology_region" "euw1" {
  name                      = "eu-west-1"
  location                  = "aws:eu-west-1"
  instances                 = 6
  concurrency               = 8
  service_time_ms           = 25
  service_time_distribution = "lognormal"
  service_time_p99_over_p50 = 4
}

# An on-premises site given by coordinates. Coordinates carry no
# jurisdiction, so set one for sovereignty rules to apply to it.
resource "topology_region" "paris_dc" {
  name            = "paris-dc"
  location        = "geo:48.86,2.35"
  jurisdiction    = "EU"
  instances       = 4
  service_time_ms = 15
}

# An autoscaled region: target tracking at 60 % utilization between 2 and
# 20 instances, evaluated every minute; an added instance serves after a
# 3-minute warm-up (and is paid from the decision), scale ins wait 5
# minutes after any scaling. instances is the count at the start of a
# simulation. The static capacity checks judge it at max_instances.
resource "topology_region" "apse2" {
  name            = "ap-southeast-2"
  location        = "aws:ap-southeast-2"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
  autoscaling = {
    min_instances         = 2
    max_instances         = 20
    signal                = "utilization"
    target                = 0.6
    evaluation_interval_s = 60
    scale_out_cooldown_s  = 60
    scale_in_cooldown_s   = 300
    warmup_s              = 180
  }
}

# Capacity taken from real infrastructure: the region follows the size of an
# autoscaling group, and a plan that shrinks the group shows the new
# capacity_rps before it is applied.
#
# resource "topology_region" "use2" {
#   name            = "us-east-2"
#   location        = "aws:us-east-2"
#   instances       = aws_autoscaling_group.web.desired_capacity
#   concurrency     = 8
#   service_time_ms = 20
# }

output "total_capacity_rps" {
  value = sum([
    topology_region.use1.capacity_rps,
    topology_region.euw1.capacity_rps,
    topology_region.paris_dc.capacity_rps,
  ])
}
