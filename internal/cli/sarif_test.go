package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// sarifSchemaFile is the OASIS SARIF 2.1.0 JSON Schema (errata 01), the
// copy go-sarif embeds, kept here so that the test validates the bytes
// check writes, not go-sarif's structs.
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

// validateSARIF checks a SARIF log against the 2.1.0 schema and against
// what GitHub code scanning documents as required: a tool name, rules with
// ids, and per result a ruleId, a message text, and a location with a
// relative artifact URI and a start line. It returns the decoded log.
func validateSARIF(t *testing.T, data []byte) *sarif.Report {
	t.Helper()
	c := jsonschema.NewCompiler()
	schema, err := c.Compile(sarifSchemaFile)
	if err != nil {
		t.Fatalf("compiling %s: %v", sarifSchemaFile, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the SARIF log is not JSON: %v", err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("the SARIF log does not validate against the 2.1.0 schema: %v", err)
	}
	log, err := sarif.FromBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with one run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name == nil || *d.Name != ProgramName || d.Version == nil || *d.Version == "" || d.InformationURI == nil {
		t.Errorf("tool.driver: want name %s, a version and an informationUri", ProgramName)
	}
	rules := map[string]bool{}
	for _, r := range d.Rules {
		if r.ID == nil || *r.ID == "" || r.ShortDescription == nil || r.FullDescription == nil || r.Help == nil {
			t.Fatalf("a rule (%v) lacks an id, shortDescription, fullDescription or help", r.ID)
		}
		rules[*r.ID] = true
	}
	for i, res := range run.Results {
		if res.RuleID == nil || !rules[*res.RuleID] {
			t.Errorf("result %d: ruleId %v is not a rule of the driver", i, res.RuleID)
		}
		if res.Message.Text == nil || *res.Message.Text == "" {
			t.Errorf("result %d: no message.text", i)
		}
		if len(res.PartialFingerprints) == 0 {
			t.Errorf("result %d: no partialFingerprints", i)
		}
		if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
			t.Fatalf("result %d: no physical location", i)
		}
		pl := res.Locations[0].PhysicalLocation
		uri := pl.ArtifactLocation.URI
		if uri == nil || *uri == "" || strings.HasPrefix(*uri, "/") || strings.Contains(*uri, ":") {
			t.Errorf("result %d: artifactLocation.uri %v is not a relative path, as code scanning wants", i, uri)
		}
		if pl.ArtifactLocation.URIBaseID == nil || run.OriginalUriBaseIds[*pl.ArtifactLocation.URIBaseID].URI == nil {
			t.Errorf("result %d: uriBaseId is not one of the run's originalUriBaseIds", i)
		}
		if pl.Region == nil || pl.Region.StartLine == nil || *pl.Region.StartLine < 1 {
			t.Errorf("result %d: no region.startLine", i)
		}
	}
	return log
}

// declaredAt finds, independently of the locator, the line of the block
// `resource "topology_simulation" "name"` in file, the line of its sla
// attribute, and the column at which key starts on that line.
func declaredAt(t *testing.T, file, name, key string) (blockLine, slaLine, keyColumn int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header := fmt.Sprintf(`resource "topology_simulation" %q {`, name)
	sla := regexp.MustCompile(`^\s*sla\s*=`)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if blockLine == 0 && strings.HasPrefix(line, header) {
			blockLine = n
		}
		if blockLine != 0 && sla.MatchString(line) {
			return blockLine, n, strings.Index(line, key+" ") + 1
		}
	}
	t.Fatalf("%s: no %s with an sla attribute", file, header)
	return 0, 0, 0
}

// TestSARIFAndAnnotationsLocateFailoverPlan checks a real plan of
// examples/failover (testdata/failover.plan.json, planned by Terraform
// with this tree's provider), whose plain policy fails availability in
// both fault scenarios: the SARIF results and the annotations point at
// the availability key of the sla attribute in examples/failover/main.tf,
// on the line found here by reading the file, and the SARIF log is valid.
func TestSARIFAndAnnotationsLocateFailoverPlan(t *testing.T) {
	t.Setenv("GITHUB_WORKSPACE", "")
	configDir := filepath.Join("..", "..", "examples", "failover")
	blockLine, slaLine, col := declaredAt(t, filepath.Join(configDir, "main.tf"), "failover", "availability")
	out := filepath.Join(t.TempDir(), "check.sarif")
	code, stdout, stderr := run(t, "check", "--plan", filepath.Join("testdata", "failover.plan.json"),
		"--config-dir", configDir, "--sarif", out, "--github")
	if code != ExitSLAFailed {
		t.Fatalf("check exited %d, want %d: %s", code, ExitSLAFailed, stderr)
	}
	if strings.Contains(stderr, "Warning: no ") || strings.Contains(stderr, "point at") {
		t.Errorf("the locator warned on a configuration that has the block:\n%s", stderr)
	}
	log := validateSARIF(t, readBytes(t, out))
	results := log.Runs[0].Results
	// The golden comment of this plan counts 2 failed clauses: plain's
	// availability in use1-down and in use1-slow.
	if len(results) != 2 {
		t.Fatalf("%d results, want 2 (plain's availability in two scenarios)", len(results))
	}
	const file = "examples/failover/main.tf"
	for i, r := range results {
		pl := r.Locations[0].PhysicalLocation
		if *r.RuleID != "topology/availability" || r.Level != "error" {
			t.Errorf("result %d: rule %s level %q, want topology/availability at level error", i, *r.RuleID, r.Level)
		}
		if *pl.ArtifactLocation.URI != file || *pl.Region.StartLine != slaLine || *pl.Region.StartColumn != col {
			t.Errorf("result %d at %s:%d:%d, want %s:%d:%d (the availability key of the sla attribute)",
				i, *pl.ArtifactLocation.URI, *pl.Region.StartLine, *pl.Region.StartColumn, file, slaLine, col)
		}
		if len(r.RelatedLocations) != 1 || *r.RelatedLocations[0].PhysicalLocation.Region.StartLine != blockLine {
			t.Errorf("result %d: want one related location at the block's line %d", i, blockLine)
		}
		msg := *r.Message.Text
		for _, want := range []string{`topology_simulation.failover["plain"]`, "target >= 99.0%", "observed ", "95% CI ", "To fix: "} {
			if !strings.Contains(msg, want) {
				t.Errorf("result %d: message lacks %q: %s", i, want, msg)
			}
		}
	}
	var annotations []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "::") {
			annotations = append(annotations, l)
		}
	}
	if len(annotations) != 2 {
		t.Fatalf("%d annotations, want 2:\n%s", len(annotations), stdout)
	}
	prefix := fmt.Sprintf("::error file=%s,line=%d,col=%d,", file, slaLine, col)
	for _, a := range annotations {
		if !strings.HasPrefix(a, prefix) || !strings.Contains(a, `title=SLA not met%3A availability in scenario use1-`) ||
			!strings.Contains(a, `of topology_simulation.failover["plain"]::`) {
			t.Errorf("annotation %q: want it to start %q with an escaped title", a, prefix)
		}
	}
}

func readBytes(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSARIFPassingRunHasNoResults: a run that passes writes a valid log
// with its rules and no result, and no annotation.
func TestSARIFPassingRunHasNoResults(t *testing.T) {
	out := filepath.Join(t.TempDir(), "check.sarif")
	code, stdout, stderr := run(t, "check", "-f", filepath.Join("testdata", "quickstart.model.json"), "--sarif", out, "--github")
	if code != ExitOK {
		t.Fatalf("check exited %d, want %d: %s", code, ExitOK, stderr)
	}
	log := validateSARIF(t, readBytes(t, out))
	if n := len(log.Runs[0].Results); n != 0 {
		t.Errorf("%d results for a passing run, want 0", n)
	}
	if len(log.Runs[0].Tool.Driver.Rules) == 0 {
		t.Error("no rules in the driver")
	}
	if strings.Contains(stdout, "::error") || strings.Contains(stdout, "::warning") {
		t.Errorf("annotations for a passing run:\n%s", stdout)
	}
}

// TestSARIFMarginalIsWarning: a marginal clause is a warning result and a
// ::warning annotation, a failed one an error; a configuration without the
// block, or read from a model file, still locates every result (at line 1
// of the input), with a warning naming what was not found.
func TestSARIFMarginalIsWarning(t *testing.T) {
	t.Setenv("GITHUB_WORKSPACE", "")
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The root paths are relative to: the nearest directory with .git.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"topology_simulation\" \"other\" {\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	results := []result{{
		target: target{Address: "topology_simulation.web"},
		Report: &simulator.Report{Replications: 5, Scenarios: []simulator.ScenarioResult{{
			Name: "baseline",
			SLA: []simulator.ClauseResult{
				{Clause: "latency_p99_ms", Target: 100, Observed: 99, Low: 95, High: 104, Status: simulator.StatusMarginal},
				{Clause: "max_cost_per_hour", Target: 10, Observed: 12, Low: 11.5, High: 12.5, Status: simulator.StatusFail},
				{Clause: "availability", Target: 0.99, Observed: 0.999, Low: 0.998, High: 0.9995, Status: simulator.StatusPass},
			},
		}}},
	}}
	loc := newLocator(dir, plan, "")
	fs := findings(results, loc)
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2 (the passing clause is not one)", len(fs))
	}
	if len(loc.warnings) != 1 || !strings.Contains(loc.warnings[0], `no resource "topology_simulation" "web" block`) {
		t.Errorf("warnings %q: want one naming the missing block", loc.warnings)
	}
	b, err := sarifLog("v1.2.3", fs, loc.root)
	if err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, b)
	if d := log.Runs[0].Tool.Driver; d.SemanticVersion == nil || *d.SemanticVersion != "1.2.3" {
		t.Errorf("semanticVersion %v, want 1.2.3 for version v1.2.3", d.SemanticVersion)
	}
	want := []struct{ rule, level string }{{"topology/latency-p99", "warning"}, {"topology/max-cost-per-hour", "error"}}
	for i, r := range log.Runs[0].Results {
		if *r.RuleID != want[i].rule || r.Level != want[i].level {
			t.Errorf("result %d: %s at %s, want %s at %s", i, *r.RuleID, r.Level, want[i].rule, want[i].level)
		}
		pl := r.Locations[0].PhysicalLocation
		if *pl.ArtifactLocation.URI != "plan.json" || *pl.Region.StartLine != 1 {
			t.Errorf("result %d at %s:%d, want the plan file's line 1", i, *pl.ArtifactLocation.URI, *pl.Region.StartLine)
		}
	}
	var w bytes.Buffer
	if err := writeAnnotations(&w, fs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(w.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "::warning file=") || !strings.HasPrefix(lines[1], "::error file=") {
		t.Errorf("annotations:\n%s\nwant a ::warning then an ::error", w.String())
	}
	if !strings.Contains(lines[0], "To settle it") || !strings.Contains(lines[1], "To fix: ") {
		t.Errorf("annotations lack the terminal's advice:\n%s", w.String())
	}
}

// TestRuleIDs: every clause kind of simulator.SLA has its rule, named
// without its unit.
func TestRuleIDs(t *testing.T) {
	names := clauseNames()
	for clause, want := range map[string]string{
		"latency_p99_ms": "topology/latency-p99", "availability": "topology/availability",
		"max_cost_per_hour": "topology/max-cost-per-hour", "rto_s": "topology/rto",
		"sovereignty_violations": "topology/sovereignty-violations",
	} {
		if got := ruleID(clause); got != want {
			t.Errorf("ruleID(%q) = %q, want %q", clause, got, want)
		}
		found := false
		for _, n := range names {
			found = found || n == clause
		}
		if !found {
			t.Errorf("clauseNames() lacks %q", clause)
		}
	}
	for _, n := range names {
		if _, ok := clauseTitles[n]; !ok {
			t.Errorf("clause %q has no title in clauseTitles", n)
		}
	}
}

// TestAnnotationEscaping pins GitHub's workflow-command escapes: %, CR and
// LF in the message; also : and , in a property.
func TestAnnotationEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"99.9% of 1,000: ok", "99.9%25 of 1,000: ok", "99.9%25 of 1%2C000%3A ok"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"%0A", "%250A", "%250A"},
		{"dir/main,v:1.tf", "dir/main,v:1.tf", "dir/main%2Cv%3A1.tf"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

// TestCodeScanningBadConfigDir: a --config-dir that is not there, or is a
// file, is an input error naming it, not a panic or a silent fallback;
// --github cannot share stdout with a - output.
func TestCodeScanningBadConfigDir(t *testing.T) {
	plan := filepath.Join("testdata", "failover.plan.json")
	missing := filepath.Join(t.TempDir(), "nope")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config-dir", missing, "--github"}, "--config-dir " + missing},
		{[]string{"--config-dir", plan, "--sarif", filepath.Join(t.TempDir(), "x.sarif")}, "is a file, not a directory"},
		{[]string{"--github", "--json", "-"}, "may write to stdout"},
	} {
		code, _, stderr := run(t, append([]string{"check", "--plan", plan}, tc.args...)...)
		if code != ExitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, ExitBadInput, tc.want)
		}
	}
}

// TestLocatorDataModulesAndOrigins: the locator finds a data source's
// clause keys, a per-origin clause inside sla.origins, and a resource in a
// local module named by the plan's module_calls; the expected places are
// found by searching the text written here.
func TestLocatorDataModulesAndOrigins(t *testing.T) {
	t.Setenv("GITHUB_WORKSPACE", "")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	root := `data "topology_simulation" "d" {
  sla = {
    availability = 0.999
    origins = [
      { origin = "lyon", availability = 0.99 },
      { origin = "paris", latency_p99_ms = 80 },
    ]
  }
}

module "m" {
  source = "./mod"
}
`
	mod := "variable \"sla\" {}\n\nresource \"topology_simulation\" \"r\" {\n  for_each = toset([\"k\"])\n  sla      = var.sla\n}\n"
	put := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("main.tf", root)
	put("mod/main.tf", mod)
	put("plan.json", `{"configuration":{"root_module":{"module_calls":{"m":{"source":"./mod","module":{}}}}}}`)
	// at is the 1-based line and column of the first occurrence of needle
	// after the first occurrence of after.
	at := func(text, after, needle string) (int, int) {
		start := strings.Index(text, after)
		i := start + strings.Index(text[start:], needle)
		line := strings.Count(text[:i], "\n") + 1
		return line, i - strings.LastIndex(text[:i], "\n")
	}
	loc := newLocator(dir, filepath.Join(dir, "plan.json"), "")
	for _, tc := range []struct {
		address string
		clause  simulator.ClauseResult
		file    string
		line    int
		col     int
	}{
		{"data.topology_simulation.d", simulator.ClauseResult{Clause: "availability"}, "main.tf", 0, 0},
		{"data.topology_simulation.d", simulator.ClauseResult{Clause: "latency_p99_ms", Origin: "paris"}, "main.tf", 0, 0},
		{"data.topology_simulation.d", simulator.ClauseResult{Clause: "availability", Origin: "lyon"}, "main.tf", 0, 0},
		{`module.m.topology_simulation.r["k"]`, simulator.ClauseResult{Clause: "rto_s"}, "mod/main.tf", 0, 0},
	} {
		switch {
		case tc.file == "mod/main.tf":
			tc.line, tc.col = at(mod, "resource", "sla")
		case tc.clause.Origin != "":
			tc.line, tc.col = at(root, `"`+tc.clause.Origin+`"`, tc.clause.Clause)
		default:
			tc.line, tc.col = at(root, "sla", tc.clause.Clause)
		}
		p := loc.place(tc.address, tc.clause)
		if p.At.File != tc.file || p.At.StartLine != tc.line || p.At.StartColumn != tc.col {
			t.Errorf("%s %s/%s at %s:%d:%d, want %s:%d:%d", tc.address, tc.clause.Origin, tc.clause.Clause,
				p.At.File, p.At.StartLine, p.At.StartColumn, tc.file, tc.line, tc.col)
		}
	}
	if len(loc.warnings) != 0 {
		t.Errorf("warnings: %q", loc.warnings)
	}
	// An address in a module the plan does not name falls back on the
	// plan file, with a warning naming the module.
	p := loc.place("module.gone.topology_simulation.x", simulator.ClauseResult{Clause: "availability"})
	if p.At.File != "plan.json" || p.At.StartLine != 1 || len(loc.warnings) != 1 || !strings.Contains(loc.warnings[0], "module.gone") {
		t.Errorf("unknown module: at %+v, warnings %q; want plan.json line 1 and a warning naming module.gone", p.At, loc.warnings)
	}
}
