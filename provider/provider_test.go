package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// acceptance tests, which drive a real terraform binary against it. Every
// resource is logical, so the tests need no credentials or remote API: the
// logical resources' and the functions' tests are resource.UnitTest and run
// under a plain `go test ./...` (they still need a terraform or tofu binary:
// TF_ACC_TERRAFORM_PATH, else one on PATH); the data source's run with TF_ACC.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	TypeName: providerserver.NewProtocol6WithError(New("test")()),
}
