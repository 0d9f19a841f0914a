package cli

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// plotsDir, when set (go test ./internal/cli -run TestPlots -plots-dir DIR,
// or make plots-sample), is where the plot tests also write their pictures
// for a person to look at; otherwise they go to a temporary directory.
var plotsDir = flag.String("plots-dir", "", "also write the sample plots into `DIR` for review")

func samplesDir(t *testing.T) string {
	t.Helper()
	if *plotsDir == "" {
		return t.TempDir()
	}
	dir, err := filepath.Abs(*plotsDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// tenOrigins is three regions and ten origins around the world, with a
// latency routing policy whose health checks move traffic off eu-west-1
// during its 30 s outage, a scenario where us-east-1 loses 55 % of its
// servers for 25 s, and every latency target of the SLA (one
// per-origin), availability and RTO.
func tenOrigins() simulator.Model {
	f := func(v float64) *float64 { return &v }
	seed := uint64(3)
	var origins []simulator.Origin
	for _, o := range []struct {
		name, loc string
		rps       float64
	}{
		{"virginia", "aws:us-east-1", 300}, {"ohio", "aws:us-east-2", 200}, {"oregon", "aws:us-west-2", 150},
		{"sao-paulo", "aws:sa-east-1", 100}, {"ireland", "aws:eu-west-1", 250}, {"frankfurt", "aws:eu-central-1", 250},
		{"london", "aws:eu-west-2", 200}, {"mumbai", "aws:ap-south-1", 100}, {"tokyo", "aws:ap-northeast-1", 200},
		{"sydney", "aws:ap-southeast-2", 100},
	} {
		origins = append(origins, simulator.Origin{Name: o.name, Location: o.loc, RPS: o.rps, ReadRatio: f(1)})
	}
	return simulator.Model{
		Regions: []simulator.Region{
			{Name: "us-east-1", Location: "aws:us-east-1", Instances: 4, Concurrency: 8, ServiceTimeMs: 20, QueueLimit: 500},
			{Name: "eu-west-1", Location: "aws:eu-west-1", Instances: 4, Concurrency: 8, ServiceTimeMs: 20, QueueLimit: 500},
			{Name: "ap-northeast-1", Location: "aws:ap-northeast-1", Instances: 3, Concurrency: 8, ServiceTimeMs: 20, QueueLimit: 500},
		},
		Workload: simulator.Workload{Origins: origins},
		RoutingPolicy: &simulator.RoutingPolicy{
			Name: "latency", Strategy: simulator.StrategyLatency,
			HealthCheck: simulator.HealthCheck{IntervalS: 2, FailureThreshold: 2}, DNSTTLS: f(5),
		},
		SLA: simulator.SLA{
			LatencyP50Ms: f(120), LatencyP95Ms: f(250), LatencyP99Ms: f(300), LatencyP999Ms: f(400),
			Availability: f(0.999), RTOS: f(10),
			Origins: []simulator.OriginSLA{{Origin: "tokyo", LatencyP99Ms: f(60)}},
		},
		Scenarios: []simulator.Scenario{{Name: "eu-west-1-outage", Faults: []simulator.Fault{
			{Type: simulator.FaultRegionOutage, Region: "eu-west-1", AtS: 40, DurationS: 30},
		}}, {Name: "us-east-1-capacity-loss", Faults: []simulator.Fault{
			{Type: simulator.FaultCapacityLoss, Region: "us-east-1", AtS: 40, DurationS: 25, Fraction: 0.55},
		}}},
		Run: simulator.RunSettings{DurationS: f(100), WarmupS: f(10), Replications: 4, Seed: &seed},
	}
}

// writeModel writes m as a model file in a temporary directory, which it
// makes the working directory so that the file's name, the plots'
// address, is name.
func writeModel(t *testing.T, name string, m simulator.Model) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// checkPicture asserts that stem.png decodes, is at least the plot's size
// with a legend strip to its right that holds ink (the legend is outside
// the data, which ends at plotWidth), and that stem.svg is an SVG document.
func checkPicture(t *testing.T, stem string) {
	t.Helper()
	in, err := os.Open(stem + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	img, err := png.Decode(in)
	if err != nil {
		t.Fatalf("%s.png: %v", stem, err)
	}
	const dpi = 96 // vgimg's default
	plotPx := int(float64(plotWidth/vg.Inch) * dpi)
	b := img.Bounds()
	if b.Dx() <= plotPx || b.Dy() < int(float64(plotHeight/vg.Inch)*dpi) {
		t.Fatalf("%s.png is %dx%d px: want wider than the %d px plot (a legend beside it) and at least %g in high", stem, b.Dx(), b.Dy(), plotPx, float64(plotHeight/vg.Inch))
	}
	if ink := inkIn(img, image.Rect(plotPx+int(float64(vg.Points(8)/vg.Inch)*dpi), 0, b.Max.X, b.Max.Y)); ink < 200 {
		t.Errorf("%s.png: %d dark pixels right of the plot: the legend is not beside the data", stem, ink)
	}
	if ink := inkIn(img, image.Rect(0, 0, plotPx, b.Max.Y)); ink < 2000 {
		t.Errorf("%s.png: %d dark pixels in the plot: is it empty?", stem, ink)
	}
	svg, err := os.ReadFile(stem + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	var root struct{ XMLName xml.Name }
	if err := xml.Unmarshal(svg, &root); err != nil || root.XMLName.Local != "svg" {
		t.Errorf("%s.svg: not an SVG document (%v, root %q)", stem, err, root.XMLName.Local)
	}
}

// inkIn counts the pixels of r darker than light grey.
func inkIn(img image.Image, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if (cr+cg+cb)/3 < 0xa000 {
				n++
			}
		}
	}
	return n
}

// TestPlotsSimulate: simulate --plot writes, for each scenario of a model
// of ten origins with an outage, the latency distribution, the success
// ratio and the p99 over time, each a valid PNG and SVG with the legend
// beside the data; the report's latency curve is what the latency plot
// draws.
func TestPlotsSimulate(t *testing.T) {
	dir := samplesDir(t)
	model := writeModel(t, "ten-origins.model.json", tenOrigins())
	jsonOut := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := run(t, "simulate", "-f", model, "--plot", dir, "--json", jsonOut)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, scen := range []string{"baseline", "eu-west-1-outage", "us-east-1-capacity-loss"} {
		for _, kind := range []string{"latency", "success", "p99"} {
			checkPicture(t, filepath.Join(dir, "ten-origins.model.json-"+scen+"-"+kind))
		}
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"latency_cdf"`) {
		t.Errorf("the JSON report has no latency_cdf")
	}
}

// TestPlotsInstances: where a region autoscales, simulate --plot also
// draws its instances over time (serving, provisioned, min and max);
// without autoscaling there is no such picture.
func TestPlotsInstances(t *testing.T) {
	dir := samplesDir(t)
	m, err := DecodeModel([]byte(autoscaledSweepModel))
	if err != nil {
		t.Fatal(err)
	}
	model := writeModel(t, "autoscaled.model.json", m)
	if code, _, stderr := run(t, "simulate", "-f", model, "--plot", dir); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	checkPicture(t, filepath.Join(dir, "autoscaled.model.json-baseline-instances"))
	if _, err := os.Stat(filepath.Join(dir, "ten-origins.model.json-baseline-instances.png")); err == nil {
		t.Error("an instances picture for a model without autoscaling")
	}
}

// TestPlotsSweep: sweep --plot draws p50, p99 and availability against
// the load with bands, the SLA targets, failed points, and the points the
// static checks refused (an unbounded queue past saturation) listed
// rather than dropped.
func TestPlotsSweep(t *testing.T) {
	dir := samplesDir(t)
	f := func(v float64) *float64 { return &v }
	seed := uint64(7)
	// us-east-1 rejects past its queue of 50 as the load nears its 48
	// servers; eu-west-1's queue is unbounded, so a load past its
	// capacity is refused by the static checks.
	m := simulator.Model{
		Regions: []simulator.Region{
			{Name: "us-east-1", Location: "aws:us-east-1", Instances: 6, Concurrency: 8, ServiceTimeMs: 20, QueueLimit: 50},
			{Name: "eu-west-1", Location: "aws:eu-west-1", Instances: 6, Concurrency: 8, ServiceTimeMs: 20},
		},
		Workload: simulator.Workload{Origins: []simulator.Origin{
			{Name: "virginia", Location: "aws:us-east-1", RPS: 1500, ReadRatio: f(1)},
			{Name: "frankfurt", Location: "aws:eu-central-1", RPS: 1000, ReadRatio: f(1)},
		}},
		SLA: simulator.SLA{LatencyP50Ms: f(40), LatencyP99Ms: f(115), Availability: f(0.999)},
		Run: simulator.RunSettings{DurationS: f(15), WarmupS: f(5), Replications: 3, Seed: &seed},
	}
	model := writeModel(t, "sweep.model.json", m)
	code, stdout, stderr := run(t, "sweep", "-f", model, "--param", "workload.rps_scale=0.5:3:0.25",
		"--param", "region.*.instances=6,8", "--plot", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, ",error,") {
		t.Errorf("no point was refused; the sample shows no not-simulated point:\n%s", stdout)
	}
	for _, metric := range []string{"p50_ms", "p99_ms", "availability"} {
		checkPicture(t, filepath.Join(dir, "sweep-"+metric))
	}
}

// TestWrap: a long message is broken at spaces and cut after n lines.
func TestWrap(t *testing.T) {
	got := wrap("region eu-west-1 is overloaded: offered 2500 rps against capacity 2400 rps", 30, 2)
	want := []string{"region eu-west-1 is", "overloaded: offered 2500 rps…"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap: %q, want %q", got, want)
	}
	if got := wrap("short", 30, 2); len(got) != 1 || got[0] != "short" {
		t.Errorf("wrap short: %q", got)
	}
}

// TestNinesLabels: the nines axis reads as percentages with as many
// decimals as nines.
func TestNinesLabels(t *testing.T) {
	for y, want := range map[float64]string{0: "0 %", 1: "90 %", 2: "99 %", 3: "99.9 %", 4: "99.99 %", 5: "99.999 %"} {
		if got := ninesLabel(y); got != want {
			t.Errorf("ninesLabel(%g) = %q, want %q", y, got, want)
		}
	}
	ticks := ninesTicks{capAt: 4.5}.Ticks(0, 4.6)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, ", "); got != "0 %, 50 %, 90 %, 99 %, 99.9 %, 99.99 %, 100 %" {
		t.Errorf("ticks %s", got)
	}
}
