# Great-circle distance between two locations, catalog codes or coordinates.
output "use1_to_euw1_km" {
  value = provider::topology::distance_km("aws:us-east-1", "aws:eu-west-1")
}

# Keep a disaster-recovery site far enough from the primary that one
# regional event cannot take out both.
locals {
  primary = "aws:eu-west-1"
  dr_site = "azure:westeurope"
}

check "dr_site_distance" {
  assert {
    condition     = provider::topology::distance_km(local.primary, local.dr_site) >= 500
    error_message = "The DR site is less than 500 km from the primary region."
  }
}
