# Nearest healthy region by round-trip time. Every region is probed every
# 5 s and marked down after 3 failed probes (a probe fails when not served
# within 1 s), so an outage is detected after about 15 s; clients keep a
# routing answer for 30 s, so the dead region's traffic then drains over
# 30 s. An attempt is abandoned after 1 s and retried up to twice, waiting a
# random time below 50 ms, then below 100 ms (exponential backoff, full
# jitter).
resource "topology_routing_policy" "global" {
  name               = "global"
  strategy           = "latency"
  health_check       = { interval_s = 5, failure_threshold = 3, timeout_ms = 1000 }
  dns_ttl_s          = 30
  request_timeout_ms = 1000
  retry              = { max_attempts = 3, backoff_base_ms = 50 }
}

# A primary and an ordered secondary. The circuit breaker stops a client
# population sending to a region after 5 consecutive failed attempts, for
# 10 s, so that retries do not pile onto a region that cannot answer.
resource "topology_routing_policy" "eu_first" {
  name            = "eu-first"
  strategy        = "failover"
  failover        = [topology_region.euw1.name, topology_region.euc1.name]
  dns_ttl_s       = 10
  circuit_breaker = { failure_threshold = 5, open_s = 10 }
}

# Three quarters of the traffic to us-east-1, a quarter to eu-west-1; a
# region marked down gets none, and its share goes to the others.
resource "topology_routing_policy" "split" {
  name     = "split"
  strategy = "weighted"
  weights  = { "us-east-1" = 3, "eu-west-1" = 1 }
}

# Each origin pinned to a region, by the origin's name (or by its location
# when it has none); an origin without an entry goes to its nearest region.
resource "topology_routing_policy" "pinned" {
  name       = "pinned"
  strategy   = "geo"
  geo_routes = { virginia = "us-east-1", "aws:eu-central-1" = "eu-west-1" }
}
