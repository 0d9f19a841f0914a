package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

func TestParseValues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"1:10:1", "[1 2 3 4 5 6 7 8 9 10]"},
		{"0.5:2:0.25", "[0.5 0.75 1 1.25 1.5 1.75 2]"},
		{"0.1:0.3:0.1", "[0.1 0.2 0.3]"},
		{"4,8,16", "[4 8 16]"},
		{"3", "[3]"},
	} {
		got, err := parseValues(tc.in)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("parseValues(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"1:10:0", "10:1:1", "a:b:c", "1,,2", "1:1e9:1e-3", "NaN"} {
		if _, err := parseValues(bad); err == nil {
			t.Errorf("parseValues(%q): no error", bad)
		}
	}
	for _, bad := range []string{"region.x", "region.us.color=1", "origin.a.keys=1", "foo=1", "region.us.instances=1.5"} {
		p, err := parseParam(bad)
		if err == nil {
			m, _ := DecodeModel([]byte(`{"regions":[{"name":"us","location":"aws:us-east-1","instances":1,"service_time_ms":1}],"workload":{"origins":[]}}`))
			err = p.apply(&m, p.Values[0])
		}
		if err == nil {
			t.Errorf("parseParam(%q): no error", bad)
		}
	}
}

// TestSweepShardsMergeExactly: the shards of a sweep, merged, are the
// unsharded sweep's CSV byte for byte.
func TestSweepShardsMergeExactly(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join("testdata", "minimal.model.json")
	base := []string{"sweep", "-f", model, "--param", "region.solo.instances=1:4:1", "--param", "workload.rps_scale=1,3"}
	full := filepath.Join(dir, "full.csv")
	code, _, stderr := run(t, append(base, "--out", full, "--plot", filepath.Join(dir, "plots"))...)
	if code != ExitOK {
		t.Fatalf("sweep: exit %d\n%s", code, stderr)
	}
	var shards []string
	for i := range 3 {
		f := filepath.Join(dir, fmt.Sprintf("shard-%d.csv", i))
		if code, _, stderr := run(t, append(base, "--shard", fmt.Sprintf("%d/3", i), "--out", f, "--parallel", "1")...); code != ExitOK {
			t.Fatalf("shard %d: exit %d\n%s", i, code, stderr)
		}
		shards = append(shards, f)
	}
	// Shards in any order.
	merged := filepath.Join(dir, "merged.csv")
	if code, _, stderr := run(t, append([]string{"merge", "--out", merged}, shards[2], shards[0], shards[1])...); code != ExitOK {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(full)
	b, _ := os.ReadFile(merged)
	if !bytes.Equal(a, b) {
		t.Fatalf("merged shards differ from the unsharded sweep:\n%s\n---\n%s", a, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(a)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+8 || recs[0][2] != "region.solo.instances" || recs[0][3] != "workload.rps_scale" {
		t.Fatalf("CSV:\n%s", a)
	}
	// 1 instance at 3x load (150 rps on 100 rps of capacity) is overloaded:
	// the point is reported, not fatal.
	if recs[2][len(recs[2])-2] != "error" || !strings.Contains(recs[2][len(recs[2])-1], "regions[0]") {
		t.Errorf("overloaded point: %v", recs[2])
	}
	if recs[1][4] != "baseline" || recs[1][len(recs[1])-2] != "none" {
		t.Errorf("first point: %v", recs[1])
	}
	for _, metric := range []string{"p50_ms", "p99_ms", "availability"} {
		for _, ext := range []string{"png", "svg"} {
			if st, err := os.Stat(filepath.Join(dir, "plots", "sweep-"+metric+"."+ext)); err != nil || st.Size() < 1000 {
				t.Errorf("plot %s.%s: %v", metric, ext, err)
			}
		}
	}

	// A missing or repeated shard is an error, not a silently short CSV.
	if code, _, stderr := run(t, "merge", shards[0], shards[1]); code != ExitBadInput || !strings.Contains(stderr, "a shard is missing") {
		t.Errorf("merge with a shard missing: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run(t, "merge", shards[0], shards[1], shards[2], shards[0]); code != ExitBadInput || !strings.Contains(stderr, "overlapping") {
		t.Errorf("merge with a shard twice: exit %d\n%s", code, stderr)
	}
}

// TestCapacityErlangC: one M/M/c region (exponential service, one request
// per instance, clients at the same place, constant network delay). The
// fewest instances whose p99 latency meets the target is what the closed
// form of the M/M/c sojourn time says.
func TestCapacityErlangC(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	const (
		rps       = 450.0
		serviceMs = 10.0
		location  = "geo:45,10"
	)
	loc, err := geo.Parse(location)
	if err != nil {
		t.Fatal(err)
	}
	rtt := geo.RoundTrip(loc, loc).Ms
	p99 := func(c int) float64 { return rtt + 1000*queueing.MMcSojournQuantile(rps, 1000/serviceMs, c, 0.99) }
	// The target sits between the p99 of c and c-1 servers, far from both,
	// so that the simulation's interval cannot straddle it.
	want := 0
	var target float64
	for c := 5; c < 20; c++ {
		lo, hi := p99(c), p99(c-1)
		if hi/lo > 1.5 && lo < 60 {
			want, target = c, math.Sqrt(lo*hi)
			break
		}
	}
	if want == 0 {
		t.Fatal("no clear-cut target")
	}
	model := fmt.Sprintf(`{
  "regions": [{"name": "solo", "location": %q, "instances": 40, "concurrency": 1, "service_time_ms": %g}],
  "workload": {"origins": [{"name": "local", "location": %q, "rps": %g, "read_ratio": 1}]},
  "network": {"jitter_sigma": 0},
  "sla": {"latency_p99_ms": %g},
  "run": {"duration_s": 60, "warmup_s": 5, "replications": 5, "seed": 3}
}`, location, serviceMs, location, rps, target)
	f := writeTemp(t, "mmc.model.json", model)
	out := filepath.Join(t.TempDir(), "capacity.json")
	code, stdout, stderr := run(t, "capacity", "-f", f, "--json", out)
	if code != ExitOK {
		t.Fatalf("capacity: exit %d\n%s\n%s", code, stdout, stderr)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), fmt.Sprintf(`"minimum_instances": %d`, want)) {
		t.Errorf("want %d instances (p99 %.1f ms at %d, %.1f ms at %d, target %.1f ms); got\n%s",
			want, p99(want), want, p99(want-1), want-1, target, data)
	}
	t.Logf("target %.1f ms: p99 %.1f ms with %d servers, %.1f ms with %d\n%s", target, p99(want), want, p99(want-1), want-1, stdout)
	if !strings.Contains(stdout, "N+1: not computed") {
		t.Errorf("the N+1 limitation is not stated:\n%s", stdout)
	}
	// The closed form brackets the search: for this M/M/c region the
	// Erlang C count is the answer itself, so the search verifies it (one
	// run) and probes below it, far fewer runs than a binary search over
	// 1..40.
	var ans CapacityAnswer
	if err := json.Unmarshal(data, &ans); err != nil {
		t.Fatal(err)
	}
	cf := ans.Regions[0].ClosedForm
	if cf.ErlangC != want || cf.Stable != int(math.Floor(rps*serviceMs/1000))+1 || cf.Stable > want || cf.Ample < want {
		t.Errorf("closed form %+v, want Erlang C %d (the M/M/c answer) and stable %d", cf, want, int(math.Floor(rps*serviceMs/1000))+1)
	}
	if ans.Simulations < 2 || ans.Simulations > 1+int(math.Ceil(math.Log2(float64(want-cf.Stable+2)))) {
		t.Errorf("%d simulations: the search is not bracketed by the closed form [%d, %d]", ans.Simulations, cf.Stable, cf.ErlangC)
	}
}

// TestCapacityNPlusOne: two identical regions at the clients' location, so
// that every request goes to the first (the tie goes to the first
// declared). The baseline needs the Erlang C answer in the first region
// and one instance in the idle second; N+1 needs it in both, since either
// must carry everything when the other is lost.
func TestCapacityNPlusOne(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	const (
		rps       = 450.0
		serviceMs = 10.0
		location  = "geo:45,10"
	)
	loc, err := geo.Parse(location)
	if err != nil {
		t.Fatal(err)
	}
	rtt := geo.RoundTrip(loc, loc).Ms
	p99 := func(c int) float64 { return rtt + 1000*queueing.MMcSojournQuantile(rps, 1000/serviceMs, c, 0.99) }
	want, target := 0, 0.0
	for c := 5; c < 20; c++ {
		if lo, hi := p99(c), p99(c-1); hi/lo > 1.5 && lo < 60 {
			want, target = c, math.Sqrt(lo*hi)
			break
		}
	}
	model := fmt.Sprintf(`{
  "regions": [
    {"name": "first", "location": %q, "instances": 12, "concurrency": 1, "service_time_ms": %g},
    {"name": "second", "location": %q, "instances": 12, "concurrency": 1, "service_time_ms": %g}
  ],
  "workload": {"origins": [{"name": "local", "location": %q, "rps": %g, "read_ratio": 1}]},
  "network": {"jitter_sigma": 0},
  "sla": {"latency_p99_ms": %g},
  "run": {"duration_s": 60, "warmup_s": 5, "replications": 5, "seed": 3}
}`, location, serviceMs, location, serviceMs, location, rps, target)
	f := writeTemp(t, "nplus1.model.json", model)
	out := filepath.Join(t.TempDir(), "capacity.json")
	code, stdout, stderr := run(t, "capacity", "-f", f, "--json", out)
	if code != ExitOK {
		t.Fatalf("capacity: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("target %.1f ms (p99 %.1f ms with %d servers, %.1f with %d)\n%s", target, p99(want), want, p99(want-1), want-1, stdout)
	var ans CapacityAnswer
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &ans); err != nil {
		t.Fatal(err)
	}
	got := func(rs []CapacityResult) []int {
		var n []int
		for _, r := range rs {
			n = append(n, r.Minimum)
		}
		return n
	}
	if b := got(ans.Regions); len(b) != 2 || b[0] != want || b[1] != 1 {
		t.Errorf("baseline minimum %v, want [%d 1]", b, want)
	}
	if n1 := got(ans.NPlusOneRegions); len(n1) != 2 || n1[0] != want || n1[1] != want {
		t.Errorf("N+1 minimum %v, want [%d %d]\n%s", n1, want, want, data)
	}
	if !strings.Contains(stdout, "N+1 MINIMUM") {
		t.Errorf("no N+1 table:\n%s", stdout)
	}
}
