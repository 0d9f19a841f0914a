// Package mapping is the one translation between Terraform values and the
// simulator: the schemas and tfsdk structs of the topology objects and of
// topology_simulation, their validators, the configuration to
// simulator.Model, finding paths back to attribute paths, and
// simulator.Report to result values.
//
// Both front-ends use it: the provider (provider/) for plans, and the CLI
// (internal/cli) for `terraform show -json` output, so the two can never
// disagree on what a configuration means. It imports the simulator and
// internal/report, never a front-end.
package mapping
