# terraform test for the quickstart: every run is a plan (the simulation
# runs at plan time), so nothing is applied. Run with `make example-test`
# (the provider through dev_overrides, no `terraform init`).

run "peak_meets_sla" {
  command = plan

  assert {
    condition     = topology_simulation.peak.sla_met
    error_message = "The quickstart topology should meet its SLA at peak: ${topology_simulation.peak.sla_status}."
  }

  assert {
    condition     = topology_simulation.peak.sla_status == "pass"
    error_message = "Expected sla_status \"pass\", got \"${topology_simulation.peak.sla_status}\"."
  }

  assert {
    condition     = topology_simulation.peak.results[0].name == "baseline"
    error_message = "results[0] should be the baseline scenario."
  }

  assert {
    condition     = length(topology_simulation.peak.results[0].origins) == 3
    error_message = "Expected one result per origin."
  }

  assert {
    condition = alltrue([
      for o in topology_simulation.peak.results[0].origins : o.latency_ms_ci.p99.high <= 150
    ])
    error_message = "Every origin's p99 latency interval should be within the 150 ms target."
  }

  assert {
    condition     = topology_simulation.peak.results[0].availability_ci.low >= 0.999
    error_message = "Availability should be at least 99.9% with 95% confidence."
  }

  assert {
    condition = {
      for o in topology_simulation.peak.results[0].origins : o.name => o.served_by
      } == {
      virginia  = "us-east-1"
      frankfurt = "eu-west-1"
      tokyo     = "ap-northeast-1"
    }
    error_message = "Each origin should be served by its nearest region."
  }

  # (Provider functions are called in main.tf's outputs rather than here:
  # OpenTofu 1.12 crashes on a provider function in a test assertion.)
  assert {
    # Frankfurt has no region: its clients pay the round trip to Ireland,
    # which is never below the speed-of-light floor.
    condition = one([
      for o in topology_simulation.peak.results[0].origins : o.latency_ms.p50 if o.name == "frankfurt"
    ]) > output.frankfurt_to_ireland_ms.floor
    error_message = "Frankfurt's median latency cannot beat the fiber floor to eu-west-1."
  }

  assert {
    condition     = topology_simulation.peak.simulated_requests > 0
    error_message = "The simulation should have simulated requests."
  }

  assert {
    condition     = strcontains(topology_simulation.peak.report_markdown, "latency_p99_ms")
    error_message = "The Markdown report should list the p99 latency clause."
  }
}

run "undersized_fails_sla" {
  command = plan

  # Half the capacity in every region, and report instead of failing the plan.
  variables {
    instances_per_region = 3
    enforce              = false
  }

  assert {
    condition     = !topology_simulation.peak.sla_met
    error_message = "With 3 instances per region the SLA should not be met."
  }

  assert {
    condition     = topology_simulation.peak.sla_status != "pass"
    error_message = "With 3 instances per region sla_status should not be \"pass\"."
  }
}
