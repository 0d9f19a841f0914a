package simulator

import "cmp"

// Cost: the prices the user gives (there is no price catalog), the sizes
// that turn requests into bytes, and the figures the report derives from
// them (aggregate_cost.go). A model without prices has no cost figures at
// all (ScenarioResult.Cost is nil), never a zero that reads as "free".
//
// Units: a price is in the user's cost unit (RegionPrices.Currency labels
// it, and no conversion is made); a GB is 2^30 bytes (a GiB, as the major
// clouds bill transfer and storage), so that bytes / GB is exact in
// floating point; a month is HoursPerMonth = 730 hours (8760 / 12, the
// month cloud price lists use).

// HoursPerMonth is the month a per-month cost is counted over: 8760 hours a
// year / 12.
const HoursPerMonth = 730

// BytesPerGB is the GB prices are per: 2^30 bytes.
const BytesPerGB = 1 << 30

// MaxMessageBytes bounds a request, response or replicated record (1 GB):
// the engine counts bytes in 64-bit integers, and a run's budget of
// requests times this stays far below their range.
const MaxMessageBytes = 1 << 30

// RegionPrices are one region's prices, in the model's cost unit. Every
// price must be given once prices are (0 when that item is free), so that
// a forgotten price never reads as free.
type RegionPrices struct {
	// Currency labels the cost unit ("USD", "EUR", "credits"); every
	// region's must be the same. Empty leaves the unit unnamed.
	Currency string `json:"currency,omitempty"`
	// InstanceHour is the price of one instance for one hour. Instances
	// are billed as provisioned: a capacity_loss does not reduce them
	// (the lost servers are still paid for), nor does a region_outage.
	InstanceHour *float64 `json:"instance_hour"`
	// TransferOutGB is the price of one GB sent from this region to
	// another region: data operations and their answers, replication.
	TransferOutGB *float64 `json:"transfer_out_gb"`
	// InternetEgressGB is the price of one GB sent from this region to
	// clients (responses). What clients send in is not priced (the major
	// clouds do not charge ingress); the report counts it.
	InternetEgressGB *float64 `json:"internet_egress_gb"`
	// StorageGBMonth is the price of one GB stored for one month, per
	// replica (ReplicaSet.StorageGB).
	StorageGBMonth *float64 `json:"storage_gb_month"`
}

// priced reports whether the model gives prices (Check has made sure that
// then every region does).
func priced(m Model) bool {
	for _, r := range m.Regions {
		if r.Prices != nil {
			return true
		}
	}
	return false
}

// priceOf is a price, 0 when it is not set (Check refuses that when
// prices are given).
func priceOf(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// sizeOf is a size in bytes, 0 when not given.
func sizeOf(b *int64) int64 {
	if b == nil {
		return 0
	}
	return *b
}

// operationSizes are an operation's request and response bytes: its own,
// else its origin's.
func operationSizes(o Origin, op Operation) (req, resp int64) {
	req, resp = sizeOf(o.RequestBytes), sizeOf(o.ResponseBytes)
	if op.RequestBytes != nil {
		req = *op.RequestBytes
	}
	if op.ResponseBytes != nil {
		resp = *op.ResponseBytes
	}
	return req, resp
}

// CostResult is what a scenario costs, from the model's prices; nil
// without prices. Figures that vary across replications (transfer, and
// compute with autoscaling) are estimates with the 95 % Student-t
// interval of the other figures; a figure that does not vary has an
// interval of zero width.
type CostResult struct {
	// Currency is the cost unit's label, "" when none was given.
	Currency string `json:"currency,omitempty"`
	// WindowHours is the measured window of one replication (duration
	// minus warm-up) in hours: what Window covers.
	WindowHours float64 `json:"window_hours"`
	// HoursPerMonth is the month PerMonth is counted over (730).
	HoursPerMonth float64 `json:"hours_per_month"`
	// PerHour is the cost per hour of the measured window, PerMonth that
	// times HoursPerMonth, and Window the cost of the window itself, per
	// replication: instance-hours x the instance-hour price, bytes / 2^30
	// x the per-GB prices, stored GB x the GB-month price x window hours
	// / 730.
	PerHour  CostBreakdown `json:"per_hour"`
	PerMonth CostBreakdown `json:"per_month"`
	Window   CostBreakdown `json:"window"`
	// Regions is each region's share, in model order.
	Regions []RegionCost `json:"regions"`
}

// CostBreakdown is a cost and its components.
type CostBreakdown struct {
	Total Estimate `json:"total"`
	// Compute is instance-hours x the instance-hour price.
	Compute Estimate `json:"compute"`
	// InterRegionTransfer is bytes sent between regions x the sending
	// region's transfer_out_gb.
	InterRegionTransfer Estimate `json:"inter_region_transfer"`
	// InternetEgress is bytes sent to clients x the serving region's
	// internet_egress_gb.
	InternetEgress Estimate `json:"internet_egress"`
	// Storage is the stored GB of the region's replicas x storage_gb_month,
	// pro rata.
	Storage Estimate `json:"storage"`
}

// RegionCost is one region's cost and the quantities behind it, over one
// replication's measured window.
type RegionCost struct {
	Region string `json:"region"`
	// InstanceHours is the region's RegionResult.InstanceHours.
	InstanceHours float64 `json:"instance_hours"`
	// InterRegionGB is the GB the region sent to other regions,
	// InternetEgressGB those it sent to clients, IngressGB those clients
	// sent to it (not priced).
	InterRegionGB    Estimate `json:"inter_region_gb"`
	InternetEgressGB Estimate `json:"internet_egress_gb"`
	IngressGB        Estimate `json:"ingress_gb"`
	// StorageGB is the GB stored by the region's replicas.
	StorageGB float64 `json:"storage_gb"`
	// PerHour and Window are its cost, as CostResult's.
	PerHour CostBreakdown `json:"per_hour"`
	Window  CostBreakdown `json:"window"`
}

// FixedComputeCostPerHour is what instances[i] instances of each region
// m.Regions[i] cost per hour at its instance_hour price: a fixed count is
// billed as provisioned, so this is the compute cost the report gives a
// run at those counts (instance-hours × price, per hour). ok is false
// when the model gives no prices or instances does not match its
// regions. currency is the regions' label (Check makes them agree).
func FixedComputeCostPerHour(m Model, instances []int) (cost float64, currency string, ok bool) {
	if !priced(m) || len(instances) != len(m.Regions) {
		return 0, "", false
	}
	for i, r := range m.Regions {
		if r.Prices == nil {
			return 0, "", false
		}
		cost += float64(instances[i]) * priceOf(r.Prices.InstanceHour)
		currency = cmp.Or(currency, r.Prices.Currency)
	}
	return cost, currency, true
}
