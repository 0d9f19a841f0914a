package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// sourceRange is a place in a source file, as SARIF and GitHub's workflow
// commands point at it: File is a slash path relative to the repository
// root (or absolute when the file is outside it), lines and columns count
// from 1.
type sourceRange struct {
	File                   string
	StartLine, StartColumn int
	EndLine, EndColumn     int
}

// clausePlace is where one SLA clause of a simulation is declared: At is the
// clause itself when the configuration writes it out (a key of the sla
// object, or of one of its origins), else the sla attribute, else the
// block; Block is the topology_simulation block.
type clausePlace struct {
	At, Block sourceRange
}

// locator finds the topology_simulation blocks of a Terraform configuration
// with hashicorp/hcl/v2, so that a clause's result can point at the line
// that declares it, as terraform plan's own diagnostics do.
type locator struct {
	// root is the directory paths are made relative to: the repository
	// root that code scanning and annotations expect.
	root string
	// configDir is the root module's directory.
	configDir string
	// moduleDirs maps a module path ("module.a.module.b") to its
	// directory.
	moduleDirs map[string]string
	// model is set for a model file (-f): every clause points at it.
	model string
	// input is the plan or state file, where a simulation whose block
	// cannot be found is located (line 1), so that every result has a
	// location, as code scanning requires; "" for standard input, when
	// the configuration directory's main.tf stands in for it.
	input string
	// bodies caches the parsed .tf files of a directory.
	bodies map[string][]parsedFile
	// warnings say what could not be found; each is given once.
	warnings []string
	warned   map[string]bool
}

type parsedFile struct {
	path string
	body *hclsyntax.Body
}

// newLocator makes the locator of a check run. configDir is the
// configuration's directory; planFile the plan or state JSON (read again for its
// module calls; "" or "-" when there is none to read); model the model file
// for -f.
func newLocator(configDir, planFile, model string) *locator {
	l := &locator{configDir: configDir, model: model, bodies: map[string][]parsedFile{}, warned: map[string]bool{}}
	if planFile != "-" {
		l.input = planFile
	}
	start := configDir
	if model != "" {
		start = filepath.Dir(model)
	}
	l.root = repositoryRoot(start)
	l.moduleDirs = moduleDirs(configDir, planFile)
	return l
}

// repositoryRoot is the directory that file paths in SARIF and in
// annotations are relative to: GitHub Actions' workspace when dir is in
// it, else the nearest ancestor of dir holding .git, else the current
// directory.
func repositoryRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if ws := os.Getenv("GITHUB_WORKSPACE"); ws != "" {
		if rel, err := filepath.Rel(ws, abs); err == nil && !escapes(rel) {
			return ws
		}
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return abs
}

func escapes(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// moduleDirs maps module paths to directories: from Terraform's
// .terraform/modules/modules.json (written by terraform init, for every
// source), then from the plan's configuration section for local sources
// ("./x", "../x") that modules.json lacks.
func moduleDirs(configDir, planFile string) map[string]string {
	dirs := map[string]string{"": configDir}
	if data, err := os.ReadFile(filepath.Join(configDir, ".terraform", "modules", "modules.json")); err == nil {
		var m struct {
			Modules []struct{ Key, Dir string }
		}
		if json.Unmarshal(data, &m) == nil {
			for _, mod := range m.Modules {
				if mod.Key == "" {
					continue
				}
				path := "module." + strings.ReplaceAll(mod.Key, ".", ".module.")
				dirs[path] = filepath.Join(configDir, filepath.FromSlash(mod.Dir))
			}
		}
	}
	if planFile == "" || planFile == "-" {
		return dirs
	}
	data, err := os.ReadFile(planFile)
	if err != nil {
		return dirs
	}
	type module struct {
		ModuleCalls map[string]struct {
			Source string          `json:"source"`
			Module json.RawMessage `json:"module"`
		} `json:"module_calls"`
	}
	var doc struct {
		Configuration struct {
			RootModule json.RawMessage `json:"root_module"`
		} `json:"configuration"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return dirs
	}
	var walk func(raw json.RawMessage, path, dir string)
	walk = func(raw json.RawMessage, path, dir string) {
		var m module
		if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
			return
		}
		for name, call := range m.ModuleCalls {
			p := strings.TrimPrefix(path+".module."+name, ".")
			d, known := dirs[p]
			if !known {
				if !strings.HasPrefix(call.Source, "./") && !strings.HasPrefix(call.Source, "../") {
					continue
				}
				d = filepath.Join(dir, filepath.FromSlash(call.Source))
				dirs[p] = d
			}
			walk(call.Module, p, d)
		}
	}
	walk(doc.Configuration.RootModule, "", configDir)
	return dirs
}

// indexKey matches the instance key of an address ([0], ["a"]).
var indexKey = regexp.MustCompile(`\[[^\]]*\]`)

// splitAddress splits a simulation's address, such as
// module.net["a"].data.topology_simulation.x[0], into its module path
// (module.net), its mode ("data" or "resource") and its name.
func splitAddress(address string) (modulePath, mode, name string, ok bool) {
	parts := strings.Split(indexKey.ReplaceAllString(address, ""), ".")
	var mods []string
	for len(parts) >= 2 && parts[0] == "module" {
		mods = append(mods, "module", parts[1])
		parts = parts[2:]
	}
	mode = "resource"
	if len(parts) > 0 && parts[0] == "data" {
		mode, parts = "data", parts[1:]
	}
	if len(parts) != 2 || parts[0] != "topology_simulation" {
		return "", "", "", false
	}
	return strings.Join(mods, "."), mode, parts[1], true
}

// files parses the .tf files of dir once.
func (l *locator) files(dir string) []parsedFile {
	if fs, ok := l.bodies[dir]; ok {
		return fs
	}
	var out []parsedFile
	names, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	slices.Sort(names)
	p := hclparse.NewParser()
	for _, name := range names {
		f, diags := p.ParseHCLFile(name)
		if diags.HasErrors() {
			l.warn(fmt.Sprintf("%s: cannot parse it (%s); its simulations are located at line 1 of the input", name, diags.Error()))
			continue
		}
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			out = append(out, parsedFile{path: name, body: body})
		}
	}
	l.bodies[dir] = out
	return out
}

func (l *locator) warn(msg string) {
	if !l.warned[msg] {
		l.warned[msg] = true
		l.warnings = append(l.warnings, msg)
	}
}

// rel makes a file's path relative to the root, with slashes.
func (l *locator) rel(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(l.root, abs)
	if err != nil || escapes(rel) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

func (l *locator) rangeOf(file string, r hcl.Range) sourceRange {
	return sourceRange{File: l.rel(file), StartLine: r.Start.Line, StartColumn: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// place is where clause c of the simulation at address is declared. What
// cannot be found falls back on the file that holds the simulation, or on
// the configuration directory's main.tf (with a warning), so that every
// result has a location, which code scanning requires.
func (l *locator) place(address string, c simulator.ClauseResult) clausePlace {
	if l.model != "" {
		r := sourceRange{File: l.rel(l.model), StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1}
		return clausePlace{At: r, Block: r}
	}
	fallbackFile := l.input
	if fallbackFile == "" {
		fallbackFile = filepath.Join(l.configDir, "main.tf")
	}
	fallback := sourceRange{File: l.rel(fallbackFile), StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1}
	modulePath, mode, name, ok := splitAddress(address)
	if !ok {
		l.warn(fmt.Sprintf("%s is not the address of a topology_simulation; its results point at %s line 1", address, fallback.File))
		return clausePlace{At: fallback, Block: fallback}
	}
	dir, ok := l.moduleDirs[modulePath]
	if !ok {
		l.warn(fmt.Sprintf("%s: the directory of %s is unknown (neither .terraform/modules/modules.json nor a local source in the plan names it); "+
			"its results point at %s line 1", address, modulePath, fallback.File))
		return clausePlace{At: fallback, Block: fallback}
	}
	for _, f := range l.files(dir) {
		for _, b := range f.body.Blocks {
			if b.Type != mode || len(b.Labels) != 2 || b.Labels[0] != "topology_simulation" || b.Labels[1] != name {
				continue
			}
			block := l.rangeOf(f.path, hcl.RangeBetween(b.TypeRange, b.Body.SrcRange))
			at := block
			if r, ok := slaRange(b.Body, c); ok {
				at = l.rangeOf(f.path, r)
			}
			return clausePlace{At: at, Block: block}
		}
	}
	l.warn(fmt.Sprintf("no %s \"topology_simulation\" %q block in the .tf files of %s (give the configuration's directory with --config-dir); "+
		"its results point at %s line 1", mode, name, dir, fallback.File))
	return clausePlace{At: fallback, Block: fallback}
}

// slaRange is the range that declares clause c in a topology_simulation's
// body: the clause's item of the sla object (or of its origin's item in
// sla.origins) when written out, else the sla attribute. An operation's
// clause is declared with the operation, which is often a local, so it
// gets the sla attribute's range only if it has none of its own (false).
func slaRange(body *hclsyntax.Body, c simulator.ClauseResult) (hcl.Range, bool) {
	attr, ok := body.Attributes["sla"]
	if !ok {
		return hcl.Range{}, false
	}
	whole := attr.SrcRange
	if c.Operation != "" {
		return hcl.Range{}, false
	}
	obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return whole, true
	}
	if c.Origin == "" {
		if r, ok := itemRange(obj, c.Clause); ok {
			return r, true
		}
		return whole, true
	}
	for _, item := range obj.Items {
		if hcl.ExprAsKeyword(item.KeyExpr) != "origins" {
			continue
		}
		tuple, ok := item.ValueExpr.(*hclsyntax.TupleConsExpr)
		if !ok {
			return whole, true
		}
		for _, e := range tuple.Exprs {
			o, ok := e.(*hclsyntax.ObjectConsExpr)
			if !ok {
				continue
			}
			for _, it := range o.Items {
				if hcl.ExprAsKeyword(it.KeyExpr) != "origin" {
					continue
				}
				v, diags := it.ValueExpr.Value(nil)
				if diags.HasErrors() || v.Type() != cty.String || !v.IsKnown() || v.IsNull() || v.AsString() != c.Origin {
					continue
				}
				if r, ok := itemRange(o, c.Clause); ok {
					return r, true
				}
				return o.SrcRange, true
			}
		}
	}
	return whole, true
}

// itemRange is the range of the item named key of an object constructor,
// from its key to the end of its value.
func itemRange(obj *hclsyntax.ObjectConsExpr, key string) (hcl.Range, bool) {
	for _, item := range obj.Items {
		if hcl.ExprAsKeyword(item.KeyExpr) == key {
			return hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range()), true
		}
	}
	return hcl.Range{}, false
}
