# No network is faster than light in fiber: twice the distance at 204 km/ms.
output "use1_to_apne1_floor_ms" {
  value = provider::topology::rtt_floor_ms("aws:us-east-1", "aws:ap-northeast-1")
}

# Reject, at plan time, a latency target that no topology can meet for
# clients in Sydney served from Frankfurt.
variable "latency_p99_ms" {
  type    = number
  default = 250
}

check "target_above_floor" {
  assert {
    condition     = var.latency_p99_ms > provider::topology::rtt_floor_ms("aws:ap-southeast-2", "aws:eu-central-1")
    error_message = "latency_p99_ms = ${var.latency_p99_ms} is below the fiber floor from Sydney to Frankfurt."
  }
}
