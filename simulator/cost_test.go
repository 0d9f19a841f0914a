package simulator

import (
	"context"
	"math"
	"strings"
	"testing"
)

func bytesOf(b int64) *int64 { return &b }

// prices is a full price list in USD.
func prices(instance, transfer, egress, storage float64) *RegionPrices {
	return &RegionPrices{Currency: "USD", InstanceHour: ptr(instance), TransferOutGB: ptr(transfer),
		InternetEgressGB: ptr(egress), StorageGBMonth: ptr(storage)}
}

// costModel is two priced regions of fixed instances and a scenario that
// takes servers away, with a deterministic network and service.
func costModel() Model {
	m := Model{
		Regions: []Region{
			{Name: "use1", Location: "aws:us-east-1", Instances: 3, Concurrency: 2, ServiceTimeMs: 10,
				ServiceTimeDistribution: DistDeterministic, Prices: prices(0.192, 0.02, 0.09, 0.1)},
			{Name: "euw1", Location: "aws:eu-west-1", Instances: 5, ServiceTimeMs: 10,
				ServiceTimeDistribution: DistDeterministic, Prices: prices(0.211, 0.02, 0.085, 0.11)},
		},
		Workload: Workload{Origins: []Origin{
			{Name: "us", Location: "aws:us-east-1", RPS: 200, ReadRatio: ptr(1), RequestBytes: bytesOf(700), ResponseBytes: bytesOf(4096)},
			{Name: "eu", Location: "aws:eu-west-1", RPS: 100, ReadRatio: ptr(1), RequestBytes: bytesOf(300), ResponseBytes: bytesOf(1500)},
		}},
		Network:   Network{JitterSigma: ptr(0)},
		Scenarios: []Scenario{{Name: "half", Faults: []Fault{{Type: "capacity_loss", Region: "euw1", Fraction: 0.6, AtS: 2}}}},
		SLA:       SLA{Availability: ptr(0.99)},
		Run:       RunSettings{DurationS: ptr(20), WarmupS: ptr(2), Replications: 3, Seed: ptrTo[uint64](5)},
	}
	return m
}

// TestComputeCostExact: a region's compute cost is its instance-hours
// times its instance-hour price exactly (==), its instance-hours are its
// instances times the measured window's hours, also under a capacity_loss
// (the lost servers are still provisioned), and the figures do not vary
// across replications.
func TestComputeCostExact(t *testing.T) {
	m := costModel()
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	wh := (20.0 - 2) / 3600
	for _, sc := range rep.Scenarios {
		if sc.Cost == nil {
			t.Fatalf("%s: no cost with prices", sc.Name)
		}
		for g, reg := range m.Regions {
			ih := sc.Regions[g].InstanceHours
			if want := float64(reg.Instances) * wh; ih != want {
				t.Errorf("%s/%s: instance_hours %v, want instances x window hours = %v", sc.Name, reg.Name, ih, want)
			}
			rc := sc.Cost.Regions[g]
			if got, want := rc.Window.Compute, ih**reg.Prices.InstanceHour; got.Mean != want || got.Low != want || got.High != want {
				t.Errorf("%s/%s: compute cost %+v, want instance-hours x price = %v exactly", sc.Name, reg.Name, got, want)
			}
			if got, want := rc.PerHour.Compute.Mean, ih**reg.Prices.InstanceHour/wh; got != want {
				t.Errorf("%s/%s: compute per hour %v, want %v", sc.Name, reg.Name, got, want)
			}
			// Per hour is instances x price up to the rounding of x wh / wh.
			if got, want := rc.PerHour.Compute.Mean, float64(reg.Instances)**reg.Prices.InstanceHour; math.Abs(got-want) > 1e-12*want {
				t.Errorf("%s/%s: compute per hour %v, want instances x price = %v", sc.Name, reg.Name, got, want)
			}
		}
		want := 3*0.192 + 5*0.211
		if got := sc.Cost.PerHour.Compute.Mean; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: compute per hour %v, want %v", sc.Name, got, want)
		}
		if got := sc.Cost.PerMonth.Compute.Mean; math.Abs(got-want*HoursPerMonth) > 1e-9 {
			t.Errorf("%s: compute per month %v, want %v x 730", sc.Name, got, want)
		}
		if sc.Cost.Currency != "USD" {
			t.Errorf("%s: currency %q", sc.Name, sc.Cost.Currency)
		}
	}
}

// TestTransferCostExact: with every request served (no queue limit, no
// fault, one region per origin, no replica set), the bytes counted are
// requests x sizes exactly, so the egress cost is bytes / 2^30 x price
// exactly (==), and inter-region transfer is 0 (nothing crosses regions).
// The cost per hour also agrees with theory: rps x 3600 x bytes / 2^30 x
// price must lie in its 95 % interval (the arrivals are Poisson, so the
// count varies; with this fixed seed the check is deterministic).
func TestTransferCostExact(t *testing.T) {
	m := costModel()
	m.Scenarios = nil
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	sc := rep.Scenarios[0]
	if sc.Availability.Mean != 1 {
		t.Fatalf("availability %v: the count-based check needs every request served", sc.Availability.Mean)
	}
	reps := float64(rep.Replications)
	for g, reg := range m.Regions {
		o := m.Workload.Origins[g] // origin g is served by region g, its own location
		if sc.Origins[g].ServedBy != reg.Name {
			t.Fatalf("origin %s served by %s", o.Name, sc.Origins[g].ServedBy)
		}
		rc := sc.Cost.Regions[g]
		bytes := sc.Origins[g].Requests * *o.ResponseBytes // over all replications
		gb := float64(bytes) / BytesPerGB / reps
		if rc.InternetEgressGB.Mean != gb {
			t.Errorf("%s: egress %v GB, want requests x response_bytes = %v GB", reg.Name, rc.InternetEgressGB.Mean, gb)
		}
		if got, want := rc.Window.InternetEgress.Mean, gb**reg.Prices.InternetEgressGB; got != want {
			t.Errorf("%s: egress cost %v, want bytes x price = %v exactly", reg.Name, got, want)
		}
		in := float64(sc.Origins[g].Requests**o.RequestBytes) / BytesPerGB / reps
		if rc.IngressGB.Mean != in {
			t.Errorf("%s: ingress %v GB, want requests x request_bytes = %v GB", reg.Name, rc.IngressGB.Mean, in)
		}
		if rc.InterRegionGB.Mean != 0 || rc.Window.InterRegionTransfer.Mean != 0 {
			t.Errorf("%s: inter-region %v GB with nothing crossing regions", reg.Name, rc.InterRegionGB.Mean)
		}
		theory := o.RPS * 3600 * float64(*o.ResponseBytes) / BytesPerGB * *reg.Prices.InternetEgressGB
		if e := rc.PerHour.InternetEgress; theory < e.Low || theory > e.High {
			t.Errorf("%s: egress per hour %+v, theory %v outside the interval", reg.Name, e, theory)
		}
	}
}

// replicatedCostModel is one origin writing to a replica set whose leader
// is in the other region: each write goes use1 -> euw1 (request bytes),
// comes back (response bytes), and is replicated euw1 -> use1 (record
// bytes).
func replicatedCostModel() Model {
	m := costModel()
	m.Scenarios = nil
	m.Workload.Origins = m.Workload.Origins[:1]
	m.Workload.Origins[0].ReadRatio = ptr(0)
	m.Workload.Keys = 1000
	m.ReplicaSets = []ReplicaSet{{Name: "db", Regions: []string{"use1", "euw1"}, Leader: "euw1",
		Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, StorageGB: ptr(40), RecordBytes: bytesOf(900)}}
	return m
}

// TestReplicationTransferExact: the bytes between regions are, per
// measured write, request bytes to the leader's region, response bytes
// back and record bytes to each follower, exactly; storage is stored GB x
// price x window hours / 730 in each replica's region.
func TestReplicationTransferExact(t *testing.T) {
	m := replicatedCostModel()
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	sc := rep.Scenarios[0]
	if sc.Availability.Mean != 1 {
		t.Fatalf("availability %v: the count-based check needs every write served", sc.Availability.Mean)
	}
	n, reps := sc.Origins[0].Requests, float64(rep.Replications)
	o := m.Workload.Origins[0]
	use1, euw1 := sc.Cost.Regions[0], sc.Cost.Regions[1]
	if want := float64(n**o.RequestBytes) / BytesPerGB / reps; use1.InterRegionGB.Mean != want {
		t.Errorf("use1 sent %v GB, want writes x request_bytes = %v", use1.InterRegionGB.Mean, want)
	}
	if want := float64(n*(*o.ResponseBytes+900)) / BytesPerGB / reps; euw1.InterRegionGB.Mean != want {
		t.Errorf("euw1 sent %v GB, want writes x (response_bytes + record_bytes) = %v", euw1.InterRegionGB.Mean, want)
	}
	if got, want := euw1.Window.InterRegionTransfer.Mean, euw1.InterRegionGB.Mean**m.Regions[1].Prices.TransferOutGB; got != want {
		t.Errorf("euw1 transfer cost %v, want GB x price = %v", got, want)
	}
	wh := sc.Cost.WindowHours
	for g, rc := range sc.Cost.Regions {
		want := 40 * *m.Regions[g].Prices.StorageGBMonth * wh / HoursPerMonth
		if rc.Window.Storage.Mean != want || rc.StorageGB != 40 {
			t.Errorf("%s: storage %v (%v GB), want %v", rc.Region, rc.Window.Storage.Mean, rc.StorageGB, want)
		}
	}
	// The total is the sum of its parts, per replication and so on average.
	tot := sc.Cost.PerHour
	sum := tot.Compute.Mean + tot.InterRegionTransfer.Mean + tot.InternetEgress.Mean + tot.Storage.Mean
	if math.Abs(tot.Total.Mean-sum) > 1e-12*sum {
		t.Errorf("total per hour %v, parts sum to %v", tot.Total.Mean, sum)
	}
	if tot.Total.Low > tot.Total.Mean || tot.Total.High < tot.Total.Mean || tot.Total.High == tot.Total.Low {
		t.Errorf("total per hour interval %+v: transfer varies, so it has a width", tot.Total)
	}
}

// TestCostClause: max_cost_per_hour passes above the interval, fails below
// it and is marginal inside.
func TestCostClause(t *testing.T) {
	m := replicatedCostModel()
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	e := rep.Scenarios[0].Cost.PerHour.Total
	for _, c := range []struct {
		target float64
		want   string
	}{{e.High * 1.01, StatusPass}, {e.Low * 0.99, StatusFail}, {e.Mean, StatusMarginal}} {
		m := replicatedCostModel()
		m.SLA.MaxCostPerHour = ptr(c.target)
		rep, err := Run(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		var got *ClauseResult
		for i, cl := range rep.Scenarios[0].SLA {
			if cl.Clause == "max_cost_per_hour" {
				got = &rep.Scenarios[0].SLA[i]
			}
		}
		if got == nil || got.Status != c.want || got.Observed != e.Mean || got.Low != e.Low {
			t.Errorf("target %v (interval %+v): clause %+v, want %s", c.target, e, got, c.want)
		}
	}
}

// TestNoPricesNoCost: without prices there are no cost figures (nil, not
// a zero that reads as free), and instance-hours are still reported.
func TestNoPricesNoCost(t *testing.T) {
	m := costModel()
	for i := range m.Regions {
		m.Regions[i].Prices = nil
	}
	m.Workload.Origins[0].RequestBytes, m.Workload.Origins[0].ResponseBytes = nil, nil
	m.Workload.Origins[1].RequestBytes, m.Workload.Origins[1].ResponseBytes = nil, nil
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range rep.Scenarios {
		if sc.Cost != nil {
			t.Errorf("%s: cost %+v without prices", sc.Name, sc.Cost)
		}
		if sc.Regions[0].InstanceHours != 3*18.0/3600 {
			t.Errorf("%s: instance_hours %v", sc.Name, sc.Regions[0].InstanceHours)
		}
	}
}

// TestCheckCost: each way to get cost inputs wrong is an error (or, where
// nothing is judged on it, a warning) at the field, saying how to fix it.
func TestCheckCost(t *testing.T) {
	cases := []struct {
		name     string
		edit     func(*Model)
		severity string
		path     string
		says     string
	}{
		{"prices on some regions only", func(m *Model) { m.Regions[1].Prices = nil }, SeverityError,
			"regions[1].prices", `region "euw1" has no prices, but region "use1" has`},
		{"a price missing", func(m *Model) { m.Regions[0].Prices.StorageGBMonth = nil }, SeverityError,
			"regions[0].prices.storage_gb_month", "is not set"},
		{"a negative price", func(m *Model) { m.Regions[0].Prices.InstanceHour = ptr(-1) }, SeverityError,
			"regions[0].prices.instance_hour", "must be at least 0, got -1"},
		{"two currencies", func(m *Model) { m.Regions[1].Prices.Currency = "EUR" }, SeverityError,
			"regions[1].prices.currency", `region "euw1" prices in "EUR", but region "use1" in "USD"`},
		{"a cost target without prices", func(m *Model) {
			for i := range m.Regions {
				m.Regions[i].Prices = nil
			}
			m.SLA.MaxCostPerHour = ptr(10)
		}, SeverityError, "sla.max_cost_per_hour", "needs prices"},
		{"a fractional size", func(m *Model) { m.Workload.Origins[0].ResponseBytes = bytesOf(-3) }, SeverityError,
			"workload.origins[0].response_bytes", "must be at least 0, got -3"},
		{"a size above the limit", func(m *Model) { m.Workload.Origins[0].RequestBytes = bytesOf(MaxMessageBytes + 1) }, SeverityError,
			"workload.origins[0].request_bytes", "must be at most 1073741824"},
		{"egress priced, no response size", func(m *Model) { m.Workload.Origins[1].ResponseBytes = nil }, SeverityWarning,
			"workload.origins[1].response_bytes", "origin eu has no response_bytes, but internet egress is priced"},
		{"egress priced, no response size, cost target", func(m *Model) {
			m.Workload.Origins[1].ResponseBytes = nil
			m.SLA.MaxCostPerHour = ptr(10)
		}, SeverityError, "workload.origins[1].response_bytes", "but internet egress is priced"},
		{"storage priced, none given", func(m *Model) { m.ReplicaSets[0].StorageGB = nil; m.SLA.MaxCostPerHour = ptr(10) },
			SeverityError, "replica_sets[0].storage_gb", `replica set "db" has no storage_gb, but storage is priced`},
		{"negative storage", func(m *Model) { m.ReplicaSets[0].StorageGB = ptr(-1) }, SeverityError,
			"replica_sets[0].storage_gb", "must be at least 0, got -1"},
		{"negative target", func(m *Model) { m.SLA.MaxCostPerHour = ptr(-2) }, SeverityError,
			"sla.max_cost_per_hour", "must be at least 0, got -2"},
		{"sizes without prices", func(m *Model) {
			for i := range m.Regions {
				m.Regions[i].Prices = nil
			}
		}, SeverityWarning, "workload.origins[0]", "no region has prices"},
	}
	base := func() Model {
		m := replicatedCostModel()
		m.Workload.Origins = costModel().Workload.Origins
		return m
	}
	if fs := errorsOf(Check(base())); len(fs) > 0 {
		t.Fatalf("base model: %+v", fs)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := base()
			c.edit(&m)
			f, ok := findingAt(Check(m), c.severity, c.path)
			if !ok || !strings.Contains(f.Summary, c.says) || f.Detail == "" {
				t.Fatalf("want a %s at %s saying %q, got %+v", c.severity, c.path, c.says, Check(m))
			}
		})
	}
}

// TestFixedComputeCostPerHour: the price capacity gives a fixed fleet is
// the compute cost per hour a run of that fleet reports, to rounding.
func TestFixedComputeCostPerHour(t *testing.T) {
	m := richModel()
	for i := range m.Regions {
		m.Regions[i].Prices = &RegionPrices{Currency: "EUR", InstanceHour: ptr(0.1 * float64(i+1)), TransferOutGB: ptr(0), InternetEgressGB: ptr(0), StorageGBMonth: ptr(0)}
	}
	counts := make([]int, len(m.Regions))
	for i, r := range m.Regions {
		counts[i] = r.Instances
	}
	want, currency, ok := FixedComputeCostPerHour(m, counts)
	if !ok || currency != "EUR" {
		t.Fatalf("FixedComputeCostPerHour: %v %q %v", want, currency, ok)
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Scenarios[0].Cost.PerHour.Compute.Mean
	if math.Abs(got-want) > 1e-9*want {
		t.Errorf("the run's compute cost per hour is %v, FixedComputeCostPerHour %v", got, want)
	}
	if _, _, ok := FixedComputeCostPerHour(m, counts[:1]); ok && len(m.Regions) > 1 {
		t.Error("a count per region is required")
	}
	for i := range m.Regions {
		m.Regions[i].Prices = nil
	}
	if _, _, ok := FixedComputeCostPerHour(m, counts); ok {
		t.Error("priced without prices")
	}
}
