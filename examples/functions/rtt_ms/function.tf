# The median round trip between two AWS regions is the measured figure
# (70 ms from us-east-1 to eu-west-1); any other pair is estimated from the
# distance and never beats the fiber floor.
output "use1_to_euw1_rtt_ms" {
  value = provider::topology::rtt_ms("aws:us-east-1", "aws:eu-west-1")
}

output "paris_office_to_euw3_rtt_ms" {
  value = provider::topology::rtt_ms("geo:48.86,2.35", "aws:eu-west-3")
}

# Catch, before any simulation, a synchronous replication path whose
# network round trip alone would consume the write latency budget.
variable "cross_region_budget_ms" {
  type    = number
  default = 100
}

check "replication_fits_budget" {
  assert {
    condition     = provider::topology::rtt_ms("aws:us-east-1", "aws:eu-west-1") <= var.cross_region_budget_ms
    error_message = "A us-east-1 to eu-west-1 round trip alone exceeds the ${var.cross_region_budget_ms} ms budget."
  }
}
