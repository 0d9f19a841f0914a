terraform {
  required_providers {
    topology = {
      source = "multiregion/topology"
    }
  }
}

# Both settings are optional.
provider "topology" {
  # Seed of every simulation that sets none: the same topology and seed
  # always give the same results.
  default_seed = 1

  # Refuse, at plan time, a simulation that would simulate more requests
  # than this over all its replications, so that a plan stays fast.
  max_simulated_requests = 50000000
}
