package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The sweep CSV has one row per point and scenario, in point order. Its
// first columns are the point's index and the sweep's number of points (so
// that merge can tell when a shard is missing), then one column per
// parameter, then the scenario's figures: each mean with its 95% interval.
var sweepFigureColumns = []string{
	"scenario", "requests",
	"p50_ms", "p50_ci_low", "p50_ci_high",
	"p99_ms", "p99_ci_low", "p99_ci_high",
	"availability", "availability_ci_low", "availability_ci_high",
	"cost_per_hour", "cost_per_hour_ci_low", "cost_per_hour_ci_high", // costCells; empty without prices
	"verdict", "error",
}

// paramList collects repeated --param flags.
type paramList []string

func (p *paramList) String() string { return strings.Join(*p, " ") }

func (p *paramList) Set(s string) error {
	*p = append(*p, s)
	return nil
}

// shard is a deterministic slice of a sweep: the points whose index is
// Index modulo Count.
type shard struct{ Index, Count int }

func parseShard(s string) (shard, error) {
	i, n, ok := strings.Cut(s, "/")
	idx, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || idx < 0 || idx >= count {
		return shard{}, fmt.Errorf("--shard %q: write I/N with 0 <= I < N, for example 0/4 (Kubernetes' JOB_COMPLETION_INDEX is 0-based)", s)
	}
	return shard{Index: idx, Count: count}, nil
}

// selectTarget picks the one model a sweep or capacity search works on.
func selectTarget(targets []target, address string) (target, error) {
	if address != "" {
		for _, t := range targets {
			if t.Address == address {
				return t, nil
			}
		}
		return target{}, badInput("no simulation %q in the input (it has %s)", address, addresses(targets))
	}
	if len(targets) > 1 {
		return target{}, badInput("the input has %d simulations (%s): choose one with --simulation ADDRESS", len(targets), addresses(targets))
	}
	return targets[0], nil
}

func addresses(targets []target) string {
	var out []string
	for _, t := range targets {
		out = append(out, t.Address)
	}
	return strings.Join(out, ", ")
}

// point is one combination of parameter values.
type point struct {
	Index  int
	Values []float64
}

// points enumerates the cartesian product of the parameters' values, the
// last parameter varying fastest.
func points(params []param) []point {
	total := 1
	for _, p := range params {
		total *= len(p.Values)
	}
	out := make([]point, total)
	for k := range out {
		vals := make([]float64, len(params))
		rest := k
		for j := len(params) - 1; j >= 0; j-- {
			n := len(params[j].Values)
			vals[j] = params[j].Values[rest%n]
			rest /= n
		}
		out[k] = point{Index: k, Values: vals}
	}
	return out
}

const sweepUsage = "sweep (--plan FILE | --state FILE | -f FILE) [--simulation ADDRESS] --param NAME=START:STOP:STEP|V1,V2,... " +
	"[--param ...] [--shard I/N] [--out FILE.csv] [--plot DIR] [--parallel N] [--minimize cost]\n\n" +
	"Parameters:\n" +
	"  region.<name>.instances | concurrency | queue_limit | service_time_ms   (<name> may be *)\n" +
	"  region.<name>.autoscaling.min_instances | max_instances | target | evaluation_interval_s |\n" +
	"    scale_out_cooldown_s | scale_in_cooldown_s | scale_in_stabilization_s | warmup_s | tolerance\n" +
	"    (an autoscaled region)\n" +
	"  origin.<name>.rps                                                     (<name> may be *)\n" +
	"  workload.rps_scale                                                    (multiplies every origin's rps)\n" +
	"START:STOP:STEP includes STOP. Several --param make a grid (the last varies fastest).\n" +
	"--shard I/N runs the points whose index is I modulo N (0 <= I < N); merge joins the shard CSVs.\n" +
	"--minimize cost names, on stderr, the point that meets the SLA in every scenario at the lowest baseline cost\n" +
	"per hour (the regions need prices); it exits 1 when no point meets the SLA."

func runSweep(ctx context.Context, e *env, args []string) int {
	var in inputFlags
	var specs paramList
	var address, shardSpec, out, plotDir, minimize string
	var parallel int
	fs := newFlags(e, "sweep", sweepUsage)
	in.register(fs)
	fs.StringVar(&address, "simulation", "", "`ADDRESS` of the simulation to sweep when the plan or state has several")
	fs.Var(&specs, "param", "swept parameter `NAME=VALUES` (repeatable; see above)")
	fs.StringVar(&shardSpec, "shard", "", "run only shard `I/N` of the points")
	fs.StringVar(&out, "out", "-", "write the CSV to `FILE` (- for stdout)")
	fs.StringVar(&plotDir, "plot", "", "write a plot per metric (PNG and SVG) into `DIR`")
	fs.IntVar(&parallel, "parallel", runtime.GOMAXPROCS(0), "points simulated at once (at least 1)")
	fs.StringVar(&minimize, "minimize", "", "name the point that meets the SLA at the lowest `cost` per hour")
	if code := parseFlags(fs, e, args); code >= 0 {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "%s sweep: %v\n", ProgramName, err)
		return ExitBadInput
	}
	if minimize != "" && minimize != minimizeCost {
		return fail(fmt.Errorf("--minimize %q: the only objective is %q", minimize, minimizeCost))
	}
	if len(specs) == 0 {
		return fail(errors.New("give at least one --param, for example --param workload.rps_scale=0.5:2:0.25"))
	}
	params := make([]param, len(specs))
	for i, s := range specs {
		p, err := parseParam(s)
		if err != nil {
			return fail(err)
		}
		params[i] = p
	}
	sh := shard{Index: 0, Count: 1}
	if shardSpec != "" {
		var err error
		if sh, err = parseShard(shardSpec); err != nil {
			return fail(err)
		}
	}
	if parallel < 1 {
		return fail(fmt.Errorf("--parallel %d: give at least 1 point at once (the default is the number of CPUs, %d)", parallel, runtime.GOMAXPROCS(0)))
	}
	targets, warnings, err := in.load(ctx, e.stdin)
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "Warning: %s\n", w)
	}
	if err != nil {
		return fail(err)
	}
	t, err := selectTarget(targets, address)
	if err != nil {
		return fail(err)
	}
	if minimize == minimizeCost && !hasPrices(t.Model) {
		return fail(fmt.Errorf("--minimize cost needs prices: give every region of %s prices (instance_hour, transfer_out_gb, internet_egress_gb, storage_gb_month)", t.Address))
	}
	all := points(params)
	if len(all) > 100_000 {
		return fail(fmt.Errorf("the grid has %d points, more than 100000", len(all)))
	}
	// Check every parameter applies before simulating anything.
	for _, p := range params {
		m := cloneModel(t.Model)
		if err := p.apply(&m, p.Values[0]); err != nil {
			return fail(err)
		}
	}
	var mine []point
	for _, p := range all {
		if p.Index%sh.Count == sh.Index {
			mine = append(mine, p)
		}
	}

	rows, err := sweepPoints(ctx, e, t.Address, t.Model, params, mine, parallel)
	if err != nil {
		return fail(err)
	}
	var b bytes.Buffer
	if err := writeSweepCSV(&b, params, len(all), rows); err != nil {
		return fail(err)
	}
	if err := writeFile(e, out, b.Bytes()); err != nil {
		return fail(err)
	}
	if plotDir != "" {
		files, err := writeSweepPlots(plotDir, t.Address, params, rows)
		if err != nil {
			return fail(fmt.Errorf("writing plots: %w", err))
		}
		for _, f := range files {
			fmt.Fprintf(e.stderr, "wrote %s\n", f)
		}
	}
	simulated := 0
	for _, r := range rows {
		if r.Report != nil {
			simulated++
		}
	}
	switch {
	case len(rows) == 0:
		// More shards than points: this shard has nothing to do, which is
		// not an error of the sweep (the other shards cover the grid).
		fmt.Fprintf(e.stderr, "%s sweep: shard %d/%d holds none of the %d points; the CSV has only its header\n", ProgramName, sh.Index, sh.Count, len(all))
	case simulated == 0:
		first := rows[0]
		fmt.Fprintf(e.stderr, "%s sweep: none of the %d points could be simulated (the CSV's error column says why for each); point %d: %s\n",
			ProgramName, len(rows), first.Point.Index, first.Err)
		return ExitNoPoint
	}
	if minimize == minimizeCost && !writeCheapest(e.stderr, params, rows, sh.Count > 1) {
		return ExitSLAFailed
	}
	return ExitOK
}

// sweepRow is the outcome of one point: a report, or the reason the point
// could not be simulated (a model the static checks reject, say an
// overloaded region with an unbounded queue).
type sweepRow struct {
	Point  point
	Report *simulator.Report
	Err    string
}

// sweepPoints simulates the points, parallel at once, and returns them in
// point order. Each point's replications run one at a time: the points
// already use every core, and the parallelism never changes a report.
func sweepPoints(ctx context.Context, e *env, address string, base simulator.Model, params []param, pts []point, parallel int) ([]sweepRow, error) {
	rows := make([]sweepRow, len(pts))
	prog := e.term.startSweep(address, base, len(pts))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	for range min(parallel, max(len(pts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pctx := prog.observe(ctx, i)
				if log := e.logger(); log.IsInfo() {
					what := fmt.Sprintf("%s point %d", address, pts[i].Index)
					pctx = simulator.WithSummary(pctx, func(s simulator.Summary) { logSummary(log, what, s) })
				}
				row, err := sweepPoint(pctx, base, params, pts[i], parallel > 1)
				mu.Lock()
				rows[i] = row
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				prog.pointDone(i)
			}
		}()
	}
	for i := range pts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	prog.done()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return rows, firstErr
}

func sweepPoint(ctx context.Context, base simulator.Model, params []param, p point, serial bool) (sweepRow, error) {
	m := cloneModel(base)
	for j, prm := range params {
		if err := prm.apply(&m, p.Values[j]); err != nil {
			return sweepRow{Point: p}, err
		}
	}
	if serial {
		m.Run.Parallelism = 1
	}
	rep, err := simulator.Run(ctx, m)
	if err != nil {
		var ce *simulator.CheckError
		if errors.As(err, &ce) {
			var msgs []string
			for _, f := range ce.Findings {
				if f.Severity != simulator.SeverityWarning {
					msgs = append(msgs, f.Path+": "+f.Summary)
				}
			}
			return sweepRow{Point: p, Err: strings.Join(msgs, "; ")}, nil
		}
		if ctx.Err() != nil {
			return sweepRow{Point: p}, ctx.Err()
		}
		return sweepRow{Point: p, Err: err.Error()}, nil
	}
	return sweepRow{Point: p, Report: rep}, nil
}

// csvFloat writes a figure exactly (shortest round-trip form), or nothing
// for one that cannot be measured.
func csvFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func sweepHeader(params []param) []string {
	h := []string{"point", "points"}
	for _, p := range params {
		h = append(h, p.Name)
	}
	return append(h, sweepFigureColumns...)
}

func writeSweepCSV(w io.Writer, params []param, total int, rows []sweepRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sweepHeader(params)); err != nil {
		return err
	}
	for _, r := range rows {
		lead := []string{strconv.Itoa(r.Point.Index), strconv.Itoa(total)}
		for _, v := range r.Point.Values {
			lead = append(lead, csvFloat(v))
		}
		if r.Report == nil {
			rec := append(slices.Clone(lead), "", "", "", "", "", "", "", "", "", "", "", "", "", "", "error", r.Err)
			if err := cw.Write(rec); err != nil {
				return err
			}
			continue
		}
		for _, s := range r.Report.Scenarios {
			rec := append(slices.Clone(lead), s.Name, strconv.FormatInt(s.Requests, 10),
				csvFloat(s.Latency.P50.Mean), csvFloat(s.Latency.P50.Low), csvFloat(s.Latency.P50.High),
				csvFloat(s.Latency.P99.Mean), csvFloat(s.Latency.P99.Low), csvFloat(s.Latency.P99.High),
				csvFloat(s.Availability.Mean), csvFloat(s.Availability.Low), csvFloat(s.Availability.High))
			rec = append(rec, costCells(s)...)
			rec = append(rec, report.ScenarioVerdict(s), "")
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

const mergeUsage = "merge [--out FILE.csv] SHARD.csv...\n\n" +
	"Joins the CSVs of the shards of one sweep (sweep --shard I/N) into the CSV the unsharded sweep writes, byte for byte.\n" +
	"Fails when the shards come from different sweeps, overlap, or leave points out."

func runMerge(_ context.Context, e *env, args []string) int {
	var out string
	fs := newFlags(e, "merge", mergeUsage)
	fs.StringVar(&out, "out", "-", "write the merged CSV to `FILE` (- for stdout)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitBadInput
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "%s merge: %v\n", ProgramName, err)
		return ExitBadInput
	}
	if fs.NArg() == 0 {
		return fail(errors.New("give the shard CSV files to merge"))
	}
	data, err := mergeSweepCSVs(fs.Args())
	if err != nil {
		return fail(err)
	}
	if err := writeFile(e, out, data); err != nil {
		return fail(err)
	}
	return ExitOK
}

// mergeSweepCSVs joins shard CSVs: same header, disjoint points, all of
// them, rows in point order (each point's rows as its shard wrote them).
func mergeSweepCSVs(files []string) ([]byte, error) {
	var header []string
	total := -1
	type group struct {
		file string
		rows [][]string
	}
	byPoint := map[int]*group{}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[filepath.Clean(f)] {
			return nil, fmt.Errorf("%s is given twice: overlapping shards", f)
		}
		seen[filepath.Clean(f)] = true
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if len(recs) == 0 || len(recs[0]) < 2 || recs[0][0] != "point" || recs[0][1] != "points" {
			return nil, fmt.Errorf("%s is not a sweep CSV (no point,points header)", f)
		}
		if header == nil {
			header = recs[0]
		} else if !slices.Equal(header, recs[0]) {
			return nil, fmt.Errorf("%s has another header than %s: shards of different sweeps", f, files[0])
		}
		for _, rec := range recs[1:] {
			idx, err1 := strconv.Atoi(rec[0])
			n, err2 := strconv.Atoi(rec[1])
			if err1 != nil || err2 != nil || idx < 0 || idx >= n {
				return nil, fmt.Errorf("%s: bad point %q of %q", f, rec[0], rec[1])
			}
			if total >= 0 && n != total {
				return nil, fmt.Errorf("%s: a sweep of %d points, others have %d: shards of different sweeps", f, n, total)
			}
			total = n
			g, ok := byPoint[idx]
			if !ok {
				g = &group{file: f}
				byPoint[idx] = g
			} else if g.file != f {
				return nil, fmt.Errorf("point %d is in both %s and %s: overlapping shards", idx, g.file, f)
			}
			g.rows = append(g.rows, rec)
		}
	}
	var missing []string
	for i := range max(total, 0) {
		if _, ok := byPoint[i]; !ok {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		if len(missing) > 10 {
			missing = append(missing[:10], "...")
		}
		return nil, fmt.Errorf("points %s of %d are in no shard: a shard is missing", strings.Join(missing, ", "), total)
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	for i := range max(total, 0) {
		if err := cw.WriteAll(byPoint[i].rows); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}
