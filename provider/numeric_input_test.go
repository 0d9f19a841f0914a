package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
)

// These tests give every numeric argument of every block (the provider,
// each resource, the simulation data source and resource, their nested
// objects and the keys of the hand-written arguments), found by walking
// the schemas so that a new attribute is covered without a new line, the
// numbers Terraform accepts and an int64 or a float64 cannot hold: a
// fraction and 1e30 for an integer, +Inf (1/0) and 1e400 for every
// number. Each must be refused with the project's message at the
// attribute (its path, the number as written and its allowed range),
// never with the framework's "Value Conversion Error".

// hclExpr is an HCL expression written as is.
type hclExpr string

// mapKey is a step into a map attribute, by key.
type mapKey string

// numericArg is one numeric argument: its path from the block's root
// (attribute names, 0 for a list's first element, a mapKey) and whether
// it holds integers.
type numericArg struct {
	path    []any
	integer bool
}

func (a numericArg) String() string {
	var b strings.Builder
	for _, step := range a.path {
		switch s := step.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		case mapKey:
			fmt.Fprintf(&b, "[%q]", string(s))
		}
	}
	return b.String()
}

func extend(prefix []any, steps ...any) []any {
	return append(slices.Clone(prefix), steps...)
}

// resourceNumbers walks a resource schema's configurable attributes.
func resourceNumbers(t *testing.T, attrs map[string]rschema.Attribute, prefix []any) []numericArg {
	t.Helper()
	var out []numericArg
	for _, name := range mapping.SortedKeys(attrs) {
		a := attrs[name]
		if !a.IsOptional() && !a.IsRequired() {
			continue
		}
		p := extend(prefix, name)
		switch a := a.(type) {
		case rschema.Int64Attribute:
			out = append(out, numericArg{path: p, integer: true})
		case rschema.Float64Attribute:
			out = append(out, numericArg{path: p})
		case rschema.MapAttribute:
			if _, ok := a.ElementType.(mapping.RealType); ok {
				out = append(out, numericArg{path: extend(p, mapKey("a"))})
			}
		case rschema.SingleNestedAttribute:
			out = append(out, resourceNumbers(t, a.Attributes, p)...)
		case rschema.ListNestedAttribute:
			out = append(out, resourceNumbers(t, a.NestedObject.Attributes, extend(p, 0))...)
		case rschema.DynamicAttribute:
			out = append(out, dataSourceNumbers(t, map[string]dschema.Attribute{name: mapping.ArgumentDeclaration(name)}, prefix)...)
		}
	}
	return out
}

// dataSourceNumbers is resourceNumbers for a data source schema.
func dataSourceNumbers(t *testing.T, attrs map[string]dschema.Attribute, prefix []any) []numericArg {
	t.Helper()
	var out []numericArg
	for _, name := range mapping.SortedKeys(attrs) {
		a := attrs[name]
		if !a.IsOptional() && !a.IsRequired() {
			continue
		}
		p := extend(prefix, name)
		switch a := a.(type) {
		case dschema.Int64Attribute:
			out = append(out, numericArg{path: p, integer: true})
		case dschema.Float64Attribute:
			out = append(out, numericArg{path: p})
		case dschema.MapAttribute:
			if _, ok := a.ElementType.(mapping.RealType); ok {
				out = append(out, numericArg{path: extend(p, mapKey("a"))})
			}
		case dschema.SingleNestedAttribute:
			out = append(out, dataSourceNumbers(t, a.Attributes, p)...)
		case dschema.ListNestedAttribute:
			out = append(out, dataSourceNumbers(t, a.NestedObject.Attributes, extend(p, 0))...)
		case dschema.DynamicAttribute:
			out = append(out, dataSourceNumbers(t, map[string]dschema.Attribute{name: mapping.ArgumentDeclaration(name)}, prefix)...)
		}
	}
	return out
}

// providerNumbers walks the provider's schema.
func providerNumbers(attrs map[string]pschema.Attribute) []numericArg {
	var out []numericArg
	for _, name := range mapping.SortedKeys(attrs) {
		switch attrs[name].(type) {
		case pschema.Int64Attribute:
			out = append(out, numericArg{path: []any{name}, integer: true})
		case pschema.Float64Attribute:
			out = append(out, numericArg{path: []any{name}})
		}
	}
	return out
}

// numericBlock is one kind of block of the configuration: how it is
// opened, a valid body, and its numeric arguments.
type numericBlock struct {
	kind, typ string // "resource", "topology_region"
	base      map[string]any
	args      []numericArg
}

// address is how Terraform names the block labelled name in a diagnostic.
func (b numericBlock) address(name string) string {
	switch b.kind {
	case "data":
		return "data." + b.typ + "." + name
	}
	return b.typ + "." + name
}

// render writes the block labelled name with value at arg.
func (b numericBlock) render(name string, arg numericArg, value hclExpr) string {
	body := deepCopy(b.base).(map[string]any)
	setAt(body, arg.path, value)
	return fmt.Sprintf("%s %q %q {\n%s}\n", b.kind, b.typ, name, hclBody(body))
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// setAt sets value at path in body, creating the objects and list
// elements on the way.
func setAt(body map[string]any, path []any, value any) {
	var cur any = body
	for i, step := range path {
		last := i == len(path)-1
		switch s := step.(type) {
		case string, mapKey:
			key := fmt.Sprint(s)
			m := cur.(map[string]any)
			if last {
				m[key] = value
				return
			}
			if _, ok := m[key]; !ok {
				if _, isIndex := path[i+1].(int); isIndex {
					m[key] = []any{}
				} else {
					m[key] = map[string]any{}
				}
			}
			cur = m[key]
			if l, ok := cur.([]any); ok && len(l) == 0 {
				m[key] = []any{map[string]any{}}
				cur = m[key]
			}
		case int:
			cur = cur.([]any)[s]
		}
	}
}

func hclValue(v any) string {
	switch v := v.(type) {
	case hclExpr:
		return string(v)
	case string:
		return strconv.Quote(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = hclValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		parts := make([]string, 0, len(v))
		for _, k := range mapping.SortedKeys(v) {
			parts = append(parts, fmt.Sprintf("%s = %s", k, hclValue(v[k])))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	panic(fmt.Sprintf("no HCL for %T", v))
}

func hclBody(m map[string]any) string {
	var b strings.Builder
	for _, k := range mapping.SortedKeys(m) {
		fmt.Fprintf(&b, "  %s = %s\n", k, hclValue(m[k]))
	}
	return b.String()
}

// simulationBase is a valid simulation of literal objects: every nested
// object the walk reaches exists, so a refused number is the only error
// but for the rules that pair it with another argument.
func simulationBase() map[string]any {
	return map[string]any{
		"regions": []any{map[string]any{"name": "a", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10, "prices": basePrices(), "autoscaling": baseAutoscaling()}},
		"workload": map[string]any{
			"origins": []any{map[string]any{"name": "o", "location": "aws:us-east-1", "rps": 10}},
		},
		"sla": map[string]any{
			"latency_p99_ms": 100,
			"origins":        []any{map[string]any{"origin": "o", "latency_p99_ms": 100}},
		},
		"scenarios": []any{map[string]any{
			"name":   "s",
			"faults": []any{map[string]any{"type": "region_outage", "region": "a", "at_s": 1}},
		}},
		"replica_sets": []any{map[string]any{"name": "rs", "regions": []any{"a"}, "leader": "a", "replication": "async_primary"}},
		"cache_tiers":  []any{map[string]any{"name": "c", "replica_set": "rs", "regions": []any{"a"}, "capacity_keys": 10, "ttl_s": 1}},
		"routing_policy": map[string]any{
			"name": "p", "strategy": "weighted", "weights": map[string]any{"a": 1},
		},
	}
}

// basePrices are a region's prices with every price given: each is
// required once prices is set, so a bad number in one needs the others
// beside it to reach the provider.
func basePrices() map[string]any {
	return map[string]any{"instance_hour": 1, "transfer_out_gb": 1, "internet_egress_gb": 1, "storage_gb_month": 1}
}

// baseAutoscaling is a region's autoscaling with the required arguments
// and an interval shorter than the default run, so that a bad number in
// one of its arguments is the only error.
func baseAutoscaling() map[string]any {
	return map[string]any{"min_instances": 1, "max_instances": 4, "target": 0.5, "evaluation_interval_s": 10}
}

func numericBlocks(t *testing.T) []numericBlock {
	t.Helper()
	ctx := context.Background()
	resourceSchema := func(r resource.Resource) map[string]rschema.Attribute {
		resp := &resource.SchemaResponse{}
		r.Schema(ctx, resource.SchemaRequest{}, resp)
		return resp.Schema.Attributes
	}
	dsResp := &datasource.SchemaResponse{}
	NewSimulationDataSource().Schema(ctx, datasource.SchemaRequest{}, dsResp)
	pResp := &provider.SchemaResponse{}
	New("test")().Schema(ctx, provider.SchemaRequest{}, pResp)

	blocks := []numericBlock{
		{kind: "provider", typ: "topology", base: map[string]any{}, args: providerNumbers(pResp.Schema.Attributes)},
		{kind: "resource", typ: "topology_region", base: map[string]any{
			"name": "a", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10, "prices": basePrices(), "autoscaling": baseAutoscaling(),
		}},
		{kind: "resource", typ: "topology_replica_set", base: map[string]any{
			"name": "rs", "regions": []any{"a", "b", "c"}, "leader": "a", "replication": "sync_quorum",
		}},
		{kind: "resource", typ: "topology_cache_tier", base: map[string]any{
			"name": "c", "replica_set": "rs", "regions": []any{"a"}, "capacity_keys": 10, "ttl_s": 1,
		}},
		{kind: "resource", typ: "topology_routing_policy", base: map[string]any{
			"name": "p", "strategy": "weighted", "weights": map[string]any{"a": 1},
		}},
		{kind: "resource", typ: "topology_simulation", base: simulationBase()},
		{kind: "data", typ: "topology_simulation", base: simulationBase(), args: dataSourceNumbers(t, dsResp.Schema.Attributes, nil)},
	}
	resources := map[string]resource.Resource{
		"topology_region": NewRegionResource(), "topology_replica_set": NewReplicaSetResource(),
		"topology_cache_tier": NewCacheTierResource(), "topology_routing_policy": NewRoutingPolicyResource(),
		"topology_simulation": NewSimulationResource(),
	}
	for i, b := range blocks {
		if b.kind == "resource" {
			blocks[i].args = resourceNumbers(t, resourceSchema(resources[b.typ]), nil)
		}
	}
	return blocks
}

// badNumber is a number Terraform accepts and the attribute's Go type
// cannot hold, how the message writes it, and whether only integers
// refuse it.
type badNumber struct {
	expr        hclExpr
	written     string
	integerOnly bool
}

var badNumbers = []badNumber{
	{"1.5", "1.5", true},
	{"1e30", "1e+30", true},
	{"1/0", "+Inf", false},
	{`jsondecode("1e400")`, "1e+400", false},
}

// frameworkConversion matches what the framework says when its own types
// meet such a number.
var frameworkConversion = regexp.MustCompile(`Value Conversion Error|always an error in the provider|%!`)

// refusal is a message the plan must show: at the block's address, for
// the attribute's path.
type refusal struct{ address, path string }

// expectRefusals plans config and checks that it fails with the
// project's message for each refusal, and nowhere with the framework's
// conversion error.
func expectRefusals(t *testing.T, config string, want []refusal, bad badNumber) {
	t.Helper()
	errorChecked := false
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			errorChecked = true
			text := strings.Join(strings.Fields(err.Error()), " ")
			if m := frameworkConversion.FindString(text); m != "" {
				return fmt.Errorf("the framework's conversion error (%q) reached the practitioner: %w", m, err)
			}
			diags := strings.Split(text, "Error: ")
			var missing []string
			for _, w := range want {
				msg := regexp.MustCompile(regexp.QuoteMeta(w.path) + ` must .*got ` + regexp.QuoteMeta(bad.written) + `\.`)
				found := slices.ContainsFunc(diags, func(d string) bool {
					return strings.Contains(d, "with "+w.address+",") && msg.MatchString(d)
				})
				if !found {
					missing = append(missing, w.address+": "+w.path)
				}
			}
			if len(missing) > 0 {
				return errors.New("no project message for:\n" + strings.Join(missing, "\n") + "\n\n" + err.Error())
			}
			return nil
		},
		Steps: []tfresource.TestStep{{Config: config, PlanOnly: true}},
	})
	if !errorChecked {
		t.Errorf("%s was accepted in every numeric argument", bad.expr)
	}
}

func TestAccNumericInput_everyAttributeRefusesUnrepresentableNumbers(t *testing.T) {
	blocks := numericBlocks(t)
	total := 0
	for _, b := range blocks {
		total += len(b.args)
	}
	t.Logf("%d numeric arguments in %d blocks", total, len(blocks))
	// The issue saw 11 such attributes; the schemas have many more.
	if total < 60 {
		t.Fatalf("the schema walk found %d numeric arguments; expected every one of the provider's (at least 60)", total)
	}
	for _, bad := range badNumbers {
		t.Run(string(bad.expr), func(t *testing.T) {
			// One plan for every block: Terraform validates them all and
			// reports every error.
			var config strings.Builder
			var want []refusal
			for bi, b := range blocks {
				if b.kind == "provider" {
					continue // Validated only when used: one plan each, below.
				}
				for ai, arg := range b.args {
					if bad.integerOnly && !arg.integer {
						continue
					}
					name := fmt.Sprintf("n%d_%d", bi, ai)
					config.WriteString(b.render(name, arg, bad.expr))
					want = append(want, refusal{b.address(name), arg.String()})
				}
			}
			expectRefusals(t, config.String(), want, bad)
		})
		for _, b := range blocks {
			if b.kind != "provider" {
				continue
			}
			for _, arg := range b.args {
				if bad.integerOnly && !arg.integer {
					continue
				}
				t.Run("provider."+arg.String()+"="+string(bad.expr), func(t *testing.T) {
					body := map[string]any{}
					setAt(body, arg.path, bad.expr)
					config := fmt.Sprintf("provider \"topology\" {\n%s}\n%s", hclBody(body),
						numericBlock{kind: "resource", typ: "topology_region", base: blocks[1].base}.render("a", numericArg{path: []any{"instances"}}, "2"))
					expectRefusals(t, config, []refusal{{testProviderAddress(), arg.String()}}, bad)
				})
			}
		}
	}
}

// testProviderAddress is the provider block's address in the CLI's
// diagnostics: the acceptance framework names the provider under
// TF_ACC_PROVIDER_HOST (registry.opentofu.org under OpenTofu), else
// registry.terraform.io.
func testProviderAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return `provider["` + host + `/hashicorp/topology"]`
}
