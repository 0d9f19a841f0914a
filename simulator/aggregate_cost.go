package simulator

// The cost figures of a scenario (model_cost.go) and its max_cost_per_hour
// clause.

import (
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// windowHours is one replication's measured window in hours.
func windowHours(m Model) float64 {
	return (*m.Run.DurationS - *m.Run.WarmupS) / 3600
}

// instanceHours is region g's instance-hours over one replication's
// measured window, the mean over the replications: the one place the
// compute cost's quantity is computed (instanceHoursOf).
func instanceHours(m Model, g int, results []*engine.Result) float64 {
	if len(results) == 0 || m.Regions[g].Autoscaling == nil {
		return instanceHoursOf(m, g, nil)
	}
	sum := 0.0
	for _, r := range results {
		sum += instanceHoursOf(m, g, r)
	}
	return sum / float64(len(results))
}

// instanceHoursOf is region g's instance-hours in replication r: its
// instances as provisioned (a capacity_loss does not reduce them, nor
// does a region_outage) times the window's hours for a fixed count; for
// an autoscaled region the integral of its provisioned instances (serving,
// warming and draining) over the window, which the engine measures.
func instanceHoursOf(m Model, g int, r *engine.Result) float64 {
	if r != nil && g < len(r.Regions) && r.Regions[g].Scale != nil {
		return r.Regions[g].Scale.InstanceMs / 3.6e6
	}
	return float64(m.Regions[g].Instances) * windowHours(m)
}

// costEstimate is the interval of a cost or a quantity behind it across
// replications: a figure that is the same in every replication (compute
// with fixed instances, storage) is that value exactly, with an interval
// of zero width; one that varies has the t interval of the other figures.
func costEstimate(xs []float64) Estimate {
	same := len(xs) > 0
	for _, x := range xs {
		same = same && x == xs[0]
	}
	if same {
		return Estimate{Mean: xs[0], Low: xs[0], High: xs[0]}
	}
	return timeEstimate(xs)
}

// scaled is e with each figure times k (k >= 0): the t interval of k x X
// is k times that of X, so a cost is its quantity's estimate times its
// price, exactly as the report shows both.
func scaled(e Estimate, k float64) Estimate {
	return Estimate{Mean: e.Mean * k, Low: e.Low * k, High: e.High * k}
}

// costParts holds one cost's components per replication.
type costParts struct {
	compute, inter, egress, storage []float64
}

func newCostParts(n int) costParts {
	return costParts{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
}

// breakdown is the estimates of the parts and of their per-replication
// total.
func (c costParts) breakdown() CostBreakdown {
	total := make([]float64, len(c.compute))
	for i := range total {
		total[i] = c.compute[i] + c.inter[i] + c.egress[i] + c.storage[i]
	}
	return CostBreakdown{Total: costEstimate(total), Compute: costEstimate(c.compute),
		InterRegionTransfer: costEstimate(c.inter), InternetEgress: costEstimate(c.egress), Storage: costEstimate(c.storage)}
}

// rescaled is the breakdown with every figure times k: the window's cost
// per hour (k = 1 / window hours) or per month.
func (b CostBreakdown) rescaled(k float64) CostBreakdown {
	return CostBreakdown{Total: scaled(b.Total, k), Compute: scaled(b.Compute, k),
		InterRegionTransfer: scaled(b.InterRegionTransfer, k), InternetEgress: scaled(b.InternetEgress, k), Storage: scaled(b.Storage, k)}
}

// aggregateCost sets sc.Cost from the model's prices, the regions'
// instance-hours and the bytes each replication counted; nothing without
// prices. A region's component is its quantity's estimate times its
// price (compute: RegionResult.InstanceHours x instance_hour, exactly);
// the totals are estimated from their per-replication values, so that
// their intervals are those of a sum, not sums of intervals.
func aggregateCost(p *checkedModel, sc *ScenarioResult, results []*engine.Result) {
	m := p.model
	if !priced(m) || len(results) == 0 {
		return
	}
	wh := windowHours(m)
	n := len(m.Regions)
	stored := make([]float64, n)
	idx := map[string]int{}
	for g, r := range m.Regions {
		idx[r.Name] = g
	}
	for _, rs := range m.ReplicaSets {
		if rs.StorageGB == nil {
			continue
		}
		for _, name := range rs.Regions {
			stored[idx[name]] += *rs.StorageGB
		}
	}
	cost := &CostResult{WindowHours: wh, HoursPerMonth: HoursPerMonth}
	all := newCostParts(len(results))
	for g, reg := range m.Regions {
		pr := reg.Prices
		if pr == nil {
			continue // Check refuses prices on some regions only
		}
		cost.Currency = pr.Currency
		inter, egress, ingress := make([]float64, len(results)), make([]float64, len(results)), make([]float64, len(results))
		part := newCostParts(len(results))
		ih := sc.Regions[g].InstanceHours
		store := stored[g] * priceOf(pr.StorageGBMonth) * wh / HoursPerMonth
		for i, r := range results {
			var between int64
			if x := r.Transfer; x != nil {
				for h := range n {
					if h != g {
						between += x.Between[g*x.Regions+h]
					}
				}
				egress[i] = float64(x.ToClients[g]) / BytesPerGB
				ingress[i] = float64(x.FromClients[g]) / BytesPerGB
			}
			inter[i] = float64(between) / BytesPerGB
			part.compute[i] = instanceHoursOf(m, g, r) * priceOf(pr.InstanceHour)
			part.inter[i] = inter[i] * priceOf(pr.TransferOutGB)
			part.egress[i] = egress[i] * priceOf(pr.InternetEgressGB)
			part.storage[i] = store
			all.compute[i] += part.compute[i]
			all.inter[i] += part.inter[i]
			all.egress[i] += part.egress[i]
			all.storage[i] += part.storage[i]
		}
		rc := RegionCost{Region: reg.Name, InstanceHours: ih, StorageGB: stored[g],
			InterRegionGB: costEstimate(inter), InternetEgressGB: costEstimate(egress), IngressGB: costEstimate(ingress)}
		w := part.breakdown()
		// The components from their quantities, so that the report shows
		// cost = quantity x price exactly.
		w.Compute = costEstimate(part.compute)
		w.InterRegionTransfer = scaled(rc.InterRegionGB, priceOf(pr.TransferOutGB))
		w.InternetEgress = scaled(rc.InternetEgressGB, priceOf(pr.InternetEgressGB))
		rc.Window = w
		rc.PerHour = w.rescaled(1 / wh)
		cost.Regions = append(cost.Regions, rc)
	}
	cost.Window = all.breakdown()
	cost.PerHour = cost.Window.rescaled(1 / wh)
	cost.PerMonth = cost.PerHour.rescaled(HoursPerMonth)
	sc.Cost = cost
}

// costClauses is the max_cost_per_hour clause: an upper bound on the
// scenario's cost per hour, judged on its interval as every clause is.
// Check refuses the target without prices; should a scenario still have
// no cost, the clause fails as not measured rather than passing.
func costClauses(s SLA, sc ScenarioResult) []ClauseResult {
	if s.MaxCostPerHour == nil {
		return nil
	}
	t := *s.MaxCostPerHour
	if sc.Cost == nil || math.IsNaN(sc.Cost.PerHour.Total.Mean) {
		return []ClauseResult{notMeasured("max_cost_per_hour", t)}
	}
	e := sc.Cost.PerHour.Total
	return []ClauseResult{clause("max_cost_per_hour", t, e, upperBound(t, e))}
}
