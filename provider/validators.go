package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/multiregion/terraform-provider-topology/internal/geo"
)

// namePattern is the shape of every topology object's unique key.
var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// nameValidator checks a topology object's name: lowercase letters, digits
// and dashes, as region names are spelled.
func nameValidator() validator.String {
	return stringvalidator.RegexMatches(namePattern,
		"must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit (for example \"us-east-1\")")
}

// locationValidator checks that a location is a known catalog code or valid
// coordinates, with geo.Parse's message saying what is accepted.
func locationValidator() validator.String { return locationValidatorImpl{} }

type locationValidatorImpl struct{}

func (locationValidatorImpl) Description(context.Context) string {
	return `must be a catalog code ("aws:us-east-1", "gcp:europe-west1", "azure:westeurope") or "geo:LAT,LON"`
}

func (v locationValidatorImpl) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (locationValidatorImpl) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := geo.Parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid location", fmt.Sprintf("%s.", err))
	}
}
