package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// sarifHelpURI documents the sla attribute that every rule checks.
const sarifHelpURI = "https://github.com/multiregion/terraform-provider-topology/blob/main/docs/resources/simulation.md"

// semver matches a semantic version (2.0.0), as SARIF's semanticVersion
// wants it.
var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// sarifFingerprintKey names the partial fingerprint of a result: a hash of
// what identifies a clause across runs (the simulation's address, the
// scenario, the clause and its origin and operation), not of its figures,
// so that code scanning keeps one alert per clause while the figures move.
const sarifFingerprintKey = "topologyClause/v1"

// clauseNames are the SLA clauses the simulator knows: the targets of
// simulator.SLA (read from its JSON tags, so that a clause added there
// gets a rule) and the clauses the simulator adds by itself.
func clauseNames() []string {
	var names []string
	t := reflect.TypeFor[simulator.SLA]()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type != reflect.TypeFor[*float64]() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
	}
	// Checked whenever an origin declares allowed_jurisdictions.
	return append(names, "sovereignty_violations")
}

// ruleID is the SARIF rule of a clause kind: topology/ and the clause name
// without its unit, with dashes (latency_p99_ms is topology/latency-p99).
func ruleID(clause string) string {
	name := clause
	for _, unit := range []string{"_ms", "_s"} {
		name = strings.TrimSuffix(name, unit)
	}
	return "topology/" + strings.ReplaceAll(name, "_", "-")
}

// clauseTitles say in words what each clause bounds; a clause missing here
// is described by its name.
var clauseTitles = map[string]string{
	"latency_p50_ms":         "median latency above its target",
	"latency_p95_ms":         "p95 latency above its target",
	"latency_p99_ms":         "p99 latency above its target",
	"latency_p999_ms":        "p99.9 latency above its target",
	"availability":           "availability below its target",
	"read_latency_p99_ms":    "p99 read latency above its target",
	"write_latency_p99_ms":   "p99 write latency above its target",
	"replication_lag_p99_ms": "p99 replication lag above its target",
	"rpo_ms":                 "recovery point (window of lost writes) above its target",
	"stale_read_ratio":       "share of stale reads above its target",
	"conflict_ratio":         "share of conflicting writes above its target",
	"rto_s":                  "recovery time above its target",
	"duplicate_write_ratio":  "share of duplicate writes above its target",
	"max_cost_per_hour":      "cost per hour above its budget",
	"sovereignty_violations": "requests served outside their allowed jurisdictions",
}

func sarifRule(clause string) *sarif.ReportingDescriptor {
	title, ok := clauseTitles[clause]
	if !ok {
		title = clause + " misses its target"
	}
	short := "SLA clause " + clause + ": " + title
	full := fmt.Sprintf("The simulated %s of a topology_simulation misses the sla.%s target over the whole 95%% confidence "+
		"interval of its replications (error), or the interval straddles the target so that the run cannot tell (warning).", clause, clause)
	help := fmt.Sprintf("Failed: %s. Marginal: %s", report.ClauseFix(clause), report.MarginalAdvice)
	name := strings.ReplaceAll(strings.TrimPrefix(ruleID(clause), "topology/"), "-", " ")
	return sarif.NewRule(ruleID(clause)).
		WithName(name).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(short)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(help)).
		WithHelpURI(sarifHelpURI).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarif.LevelError)).
		WithProperties(sarif.NewPropertyBag().WithTags([]string{"sla", "reliability"}))
}

// sarifFinding is one failed or marginal clause with its place.
type sarifFinding struct {
	address  string
	scenario simulator.ScenarioResult
	clause   simulator.ClauseResult
	place    clausePlace
}

// findings lists the failed and marginal clauses of every result, in
// report order, with where each is declared.
func findings(results []result, loc *locator) []sarifFinding {
	var out []sarifFinding
	for _, r := range results {
		for _, s := range r.Report.Scenarios {
			for _, c := range s.SLA {
				if c.Status == simulator.StatusPass {
					continue
				}
				out = append(out, sarifFinding{address: r.Address, scenario: s, clause: c, place: loc.place(r.Address, c)})
			}
		}
	}
	return out
}

// failed reports whether the finding is a failure; a status other than
// pass and marginal counts as one, as report.Verdict counts it.
func (f sarifFinding) failed() bool { return f.clause.Status != simulator.StatusMarginal }

// text is the finding's message: the clause with its target, observed
// value and interval, then the advice the terminal gives.
func (f sarifFinding) text() string {
	line := report.ClauseLine(f.scenario, f.clause)
	if f.failed() {
		return fmt.Sprintf("%s: SLA not met in scenario %q: %s. To fix: %s.", f.address, f.scenario.Name, line, report.ClauseAdvice(f.scenario, f.clause))
	}
	return fmt.Sprintf("%s: SLA marginal in scenario %q: %s; the 95%% interval straddles the target. %s",
		f.address, f.scenario.Name, line, report.MarginalAdvice)
}

// title is the one-line heading of the finding's annotation.
func (f sarifFinding) title() string {
	verdict := "SLA not met"
	if !f.failed() {
		verdict = "SLA marginal"
	}
	// The address tells apart the instances of one block (for_each),
	// whose annotations share a line.
	return fmt.Sprintf("%s: %s in scenario %s of %s", verdict, report.ClauseLabel(f.clause), f.scenario.Name, f.address)
}

func (f sarifFinding) fingerprint() string {
	h := sha256.Sum256([]byte(strings.Join([]string{f.address, f.scenario.Name, f.clause.Clause, f.clause.Origin, f.clause.Operation}, "\x00")))
	return hex.EncodeToString(h[:16])
}

func sarifLocation(r sourceRange, msg string) *sarif.Location {
	// A file outside the root keeps its absolute path, as a file: URI
	// (SARIF's uri is a URI reference); code scanning then cannot show it
	// in the diff, so the locator's paths are relative whenever they can be.
	al := sarif.NewSimpleArtifactLocation(r.File).WithURIBaseID("%SRCROOT%")
	if filepath.IsAbs(r.File) || strings.HasPrefix(r.File, "/") {
		al = sarif.NewSimpleArtifactLocation(fileURI(r.File))
		al.URI = new(strings.TrimSuffix(*al.URI, "/"))
	}
	region := sarif.NewRegion().WithStartLine(r.StartLine).WithStartColumn(r.StartColumn).
		WithEndLine(r.EndLine).WithEndColumn(r.EndColumn)
	l := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().WithArtifactLocation(al).WithRegion(region))
	if msg != "" {
		l = l.WithMessage(sarif.NewTextMessage(msg))
	}
	return l
}

// sarifLog is the SARIF 2.1.0 log of a check: one run of this tool, a
// rule per clause kind, and one result per failed (error) or marginal
// (warning) finding, located where the clause is declared; relative paths
// are relative to root, the %SRCROOT% base.
func sarifLog(version string, fs []sarifFinding, root string) ([]byte, error) {
	run := sarif.NewRunWithInformationURI(ProgramName, "https://github.com/multiregion/terraform-provider-topology")
	run.Tool.Driver.WithVersion(version)
	// semanticVersion is for a release's version only (a build from
	// source says "dev" or a commit).
	if v := strings.TrimPrefix(version, "v"); semver.MatchString(v) {
		run.Tool.Driver.WithSemanticVersion(v)
	}
	names := clauseNames()
	for _, f := range fs {
		if !slices.Contains(names, f.clause.Clause) {
			names = append(names, f.clause.Clause)
		}
	}
	for _, n := range names {
		run.Tool.Driver.AddRule(sarifRule(n))
	}
	// AddOriginalUriBaseId writes to a map NewRun leaves nil.
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{"%SRCROOT%": *sarif.NewArtifactLocation().WithURI(fileURI(root))})
	for _, f := range fs {
		level := sarif.LevelError
		if !f.failed() {
			level = sarif.LevelWarning
		}
		id := ruleID(f.clause.Clause)
		res := run.CreateResultForRule(id).
			WithLevel(level).
			WithMessage(sarif.NewTextMessage(f.text())).
			AddLocation(sarifLocation(f.place.At, "")).
			WithPartialFingerprints(map[string]string{sarifFingerprintKey: f.fingerprint()})
		if f.place.Block != f.place.At {
			res.WithRelatedLocations([]*sarif.Location{sarifLocation(f.place.Block, "the topology_simulation "+f.address).WithID(1)})
		}
		props := sarif.NewPropertyBag().Add("address", f.address).Add("scenario", f.scenario.Name).Add("clause", f.clause.Clause).
			Add("status", f.clause.Status).Add("target", f.clause.Target)
		if !f.clause.NotMeasured {
			props.Add("observed", f.clause.Observed).Add("ci_low", f.clause.Low).Add("ci_high", f.clause.High)
		}
		if f.clause.Origin != "" {
			props.Add("origin", f.clause.Origin)
		}
		if f.clause.Operation != "" {
			props.Add("operation", f.clause.Operation)
		}
		res.WithProperties(props)
	}
	rep := sarif.NewReport()
	rep.AddRun(run)
	var b bytes.Buffer
	if err := rep.PrettyWrite(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fileURI is the file: URI of a directory, with the trailing slash SARIF
// wants of a base URI.
func fileURI(dir string) string {
	u := "file://" + strings.ReplaceAll(strings.TrimSuffix(dir, "/"), "\\", "/") + "/"
	if !strings.HasPrefix(dir, "/") {
		u = "file:///" + strings.TrimPrefix(u, "file://")
	}
	return u
}
