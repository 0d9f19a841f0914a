// Command terraform-provider-topology serves the topology provider to
// Terraform. Run with -debug to attach a debugger (see the README).
//
// Run with a command (check, simulate, schema, version, help) it is the
// topology CLI instead: `terraform-provider-topology help` lists the
// commands and their exit codes.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/multiregion/terraform-provider-topology/internal/cli"
	buildversion "github.com/multiregion/terraform-provider-topology/internal/version"
	"github.com/multiregion/terraform-provider-topology/provider"
)

// version is the build's version: injected with -ldflags by make and
// goreleaser, else the module version `go install …@vX` records (see
// internal/version).
var version = buildversion.String()

// Generate the registry docs from the schemas, examples/ and templates/.
//go:generate go tool tfplugindocs generate --provider-name topology

func main() {
	// Terraform starts the provider with no arguments; a developer adds
	// -debug. A first argument that is not a flag is the CLI's, a
	// misspelled command included.
	if cli.IsCLI(os.Args[1:]) {
		os.Exit(cli.Main(version, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/multiregion/topology",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
