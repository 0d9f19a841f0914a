package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// simulateCalls counts the simulations this process was asked for (cache
// hits included), so that tests can prove a plan reused its results
// instead of simulating again.
var simulateCalls atomic.Int64

// simulatorRuns counts the simulations this process actually ran (cache
// misses), so that tests can prove an apply reused what its plan
// simulated.
var simulatorRuns atomic.Int64

// simulate runs the configuration's model and sets its results on cfg.
// The static checks' findings and the SLA verdicts come back as
// diagnostics: errors for a model the simulator refuses and, with
// enforce, for a clause that fails. The report comes from the
// content-addressed cache when the same model was simulated before by the
// same provider binary: the result for a model and seed is bit-identical,
// so a plan and its apply simulate once.
func simulate(ctx context.Context, cfg *mapping.Simulation, settings *mapping.ProviderSettings) diag.Diagnostics {
	simulateCalls.Add(1)
	var diags diag.Diagnostics
	m := cfg.ToModel(settings)
	key := cacheKey(m)
	rep, findings, hit := cachedReport(key)
	if !hit {
		tflog.Info(ctx, "Simulation started", map[string]any{
			"regions":      len(m.Regions),
			"replica_sets": len(m.ReplicaSets),
			"scenarios":    len(m.Scenarios),
			"routing":      m.RoutingPolicy != nil,
			"origins":      len(m.Workload.Origins),
			"replications": m.Run.Replications,
			"cache_key":    key,
		})
		simulatorRuns.Add(1)
		var err error
		rep, err = simulator.Run(withSimulationLog(ctx), m)
		if checkErr, ok := errors.AsType[*simulator.CheckError](err); ok {
			// The simulator applies its defaults and checks the model
			// itself: a refused model comes back with every finding.
			tflog.Debug(ctx, "Simulation refused by the static checks", map[string]any{"findings": len(checkErr.Findings)})
			diags.Append(mapping.FindingDiagnostics(ctx, mapping.SimulationSchema(), checkErr.Findings, m)...)
			return diags
		}
		if err != nil {
			tflog.Warn(ctx, "Simulation failed", map[string]any{"error": err.Error()})
			diags.AddError("Simulation failed", fmt.Sprintf("The topology could not be simulated: %s.", err))
			return diags
		}
		findings = rep.Findings
		storeReport(key, rep)
	} else {
		tflog.Info(ctx, "Simulation results reused from the cache", map[string]any{
			"cache_key":          key,
			"seed":               logCount(rep.Seed),
			"simulated_requests": logCount(rep.SimulatedRequests),
		})
	}
	diags.Append(mapping.FindingDiagnostics(ctx, mapping.SimulationSchema(), findings, m)...)
	cfg.SetResults(rep)
	diags.Append(mapping.SLADiagnostics(rep, cfg.Enforced())...)
	return diags
}

// cacheEnv names the environment variable that sets the cache directory;
// "off" disables the cache.
const cacheEnv = "TOPOLOGY_SIMULATION_CACHE"

// cacheEntries bounds the cache: the oldest reports beyond it are removed
// when a new one is stored (a report is tens to hundreds of kilobytes).
const cacheEntries = 200

// cachedEntry is what the cache stores: the report and the findings,
// which the report's JSON leaves out.
type cachedEntry struct {
	Report   *simulator.Report   `json:"report"`
	Findings []simulator.Finding `json:"findings"`
}

// cacheDir is the cache's directory, empty when there is none.
func cacheDir() string {
	switch dir := os.Getenv(cacheEnv); dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "terraform-provider-topology", "simulations")
	default:
		return dir
	}
}

// cacheKey addresses a model's report: the model as JSON and the provider
// binary's identity, so that a rebuilt or upgraded provider never reuses
// another build's results.
func cacheKey(m simulator.Model) string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	if err := json.NewEncoder(h).Encode(m); err != nil {
		return "" // Unreachable for a model; no key means no caching.
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cachedReport reads a report from the cache; ok is false on a miss or
// any error (the cache is only an optimisation).
func cachedReport(key string) (*simulator.Report, []simulator.Finding, bool) {
	dir := cacheDir()
	if dir == "" || key == "" {
		return nil, nil, false
	}
	data, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil, nil, false
	}
	var e cachedEntry
	if err := json.Unmarshal(data, &e); err != nil || e.Report == nil {
		return nil, nil, false
	}
	e.Report.Findings = e.Findings
	return e.Report, e.Findings, true
}

// storeReport writes a report to the cache, atomically (a rename), and
// removes the oldest entries beyond cacheEntries. Errors are ignored: a
// missing cache entry only costs a simulation.
func storeReport(key string, rep *simulator.Report) {
	dir := cacheDir()
	if dir == "" || key == "" {
		return
	}
	data, err := json.Marshal(cachedEntry{Report: rep, Findings: rep.Findings})
	if err != nil || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, key+".*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(dir, key+".json")) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	pruneCache(dir)
}

// pruneCache keeps the newest cacheEntries reports.
func pruneCache(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= cacheEntries {
		return
	}
	type file struct {
		name string
		mod  time.Time
	}
	var files []file
	for _, e := range entries {
		if info, err := e.Info(); err == nil && filepath.Ext(e.Name()) == ".json" {
			files = append(files, file{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(files, func(a, b file) int { return b.mod.Compare(a.mod) })
	for _, f := range files[min(len(files), cacheEntries):] {
		_ = os.Remove(filepath.Join(dir, f.name))
	}
}
