package simulator

// Check's rules for cost (model_cost.go): prices on every region or none,
// every price given once prices are, the sizes and storage in range, and
// the figures a cost would silently leave out.

import (
	"fmt"
)

// checkCost checks the prices, sizes, storage and cost target of m. A
// size that a priced flow needs and that is missing would make its cost
// 0, which reads as free: a warning, and an error when max_cost_per_hour
// is set, since the clause could then pass on a figure that leaves it
// out.
func checkCost(c *checker, m Model) {
	checkPrices(c, m)
	for o, or := range m.Workload.Origins {
		at := func(f string) string { return fmt.Sprintf("workload.origins[%d].%s", o, f) }
		checkSize(c, at("request_bytes"), "workload.origins[].request_bytes", or.RequestBytes)
		checkSize(c, at("response_bytes"), "workload.origins[].response_bytes", or.ResponseBytes)
		for k, op := range or.Operations {
			oat := func(f string) string { return at(fmt.Sprintf("operations[%d].%s", k, f)) }
			checkSize(c, oat("request_bytes"), "workload.origins[].operations[].request_bytes", op.RequestBytes)
			checkSize(c, oat("response_bytes"), "workload.origins[].operations[].response_bytes", op.ResponseBytes)
		}
	}
	for i, rs := range m.ReplicaSets {
		at := func(f string) string { return fmt.Sprintf("replica_sets[%d].%s", i, f) }
		checkSize(c, at("record_bytes"), "replica_sets[].record_bytes", rs.RecordBytes)
		if rs.StorageGB != nil {
			c.number(at("storage_gb"), BoundAt("replica_sets[].storage_gb"), *rs.StorageGB)
		}
	}
	if t := m.SLA.MaxCostPerHour; t != nil {
		c.number("sla.max_cost_per_hour", BoundAt("sla.max_cost_per_hour"), *t)
		if !priced(m) {
			c.errorf("sla.max_cost_per_hour", fmt.Sprintf("sla.max_cost_per_hour = %s needs prices, but no region has any", num(*t)),
				"give every region prices { instance_hour, transfer_out_gb, internet_egress_gb, storage_gb_month } in your cost unit, or remove max_cost_per_hour")
		}
	}
	if priced(m) {
		checkCostInputs(c, m)
	} else {
		checkUnpricedSizes(c, m)
	}
}

// checkPrices checks that prices are on every region or none, that each
// region's give every price within its bound, and one currency.
func checkPrices(c *checker, m Model) {
	with, without := -1, -1
	for i, r := range m.Regions {
		if r.Prices != nil && with < 0 {
			with = i
		}
		if r.Prices == nil && without < 0 {
			without = i
		}
	}
	if with >= 0 && without >= 0 {
		c.errorf(fmt.Sprintf("regions[%d].prices", without), fmt.Sprintf("region %q has no prices, but region %q has", m.Regions[without].Name, m.Regions[with].Name),
			"the cost would leave region %q out; give every region prices (instance_hour, transfer_out_gb, internet_egress_gb, storage_gb_month), or remove them from every region for no cost figures", m.Regions[without].Name)
	}
	currency, from := "", -1
	for i, r := range m.Regions {
		pr := r.Prices
		if pr == nil {
			continue
		}
		at := func(f string) string { return fmt.Sprintf("regions[%d].prices.%s", i, f) }
		for _, f := range []struct {
			name string
			v    *float64
		}{{"instance_hour", pr.InstanceHour}, {"transfer_out_gb", pr.TransferOutGB}, {"internet_egress_gb", pr.InternetEgressGB}, {"storage_gb_month", pr.StorageGBMonth}} {
			rule := BoundAt("regions[].prices." + f.name)
			if f.v == nil {
				c.errorf(at(f.name), fmt.Sprintf("%s is not set, but region %q has prices", at(f.name), r.Name),
					"%s Every price must be given once prices are, so that a forgotten one never reads as free.", rule.Fix)
				continue
			}
			c.number(at(f.name), rule, *f.v)
		}
		if pr.Currency != "" {
			c.shape(at("currency"), ShapeAt("regions[].prices.currency"), pr.Currency)
		}
		switch {
		case from < 0:
			currency, from = pr.Currency, i
		case pr.Currency != currency:
			c.errorf(at("currency"), fmt.Sprintf("region %q prices in %q, but region %q in %q", r.Name, pr.Currency, m.Regions[from].Name, currency),
				"a cost adds every region's prices, so they must be in one unit: convert them to one currency and give the same currency on every region")
		}
	}
}

// checkSize checks a size in bytes against its rule, when it is given.
func checkSize(c *checker, path, rule string, b *int64) {
	if b != nil {
		c.number(path, BoundAt(rule), float64(*b))
	}
}

// checkCostInputs reports, with prices, the flows a price applies to whose
// size is missing, so that they would cost 0.
func checkCostInputs(c *checker, m Model) {
	var egress, transfer, storage bool
	for _, r := range m.Regions {
		if pr := r.Prices; pr != nil {
			egress = egress || priceOf(pr.InternetEgressGB) > 0
			transfer = transfer || priceOf(pr.TransferOutGB) > 0
			storage = storage || priceOf(pr.StorageGBMonth) > 0
		}
	}
	add := c.warnf
	consequence := "its cost is counted as 0, which reads as free"
	if m.SLA.MaxCostPerHour != nil {
		add = c.errorf
		consequence = "max_cost_per_hour would be judged on a cost that leaves it out"
	}
	// A replica set over several regions moves data between them.
	spread := false
	for _, rs := range m.ReplicaSets {
		spread = spread || len(rs.Regions) > 1
	}
	for o, or := range m.Workload.Origins {
		at := func(f string) string { return fmt.Sprintf("workload.origins[%d].%s", o, f) }
		reqMissing, respMissing := or.RequestBytes == nil, or.ResponseBytes == nil
		if len(or.Operations) > 0 {
			reqMissing, respMissing = false, false
			for _, op := range or.Operations {
				reqMissing = reqMissing || (or.RequestBytes == nil && op.RequestBytes == nil)
				respMissing = respMissing || (or.ResponseBytes == nil && op.ResponseBytes == nil)
			}
		}
		if egress && respMissing {
			add(at("response_bytes"), fmt.Sprintf("origin %s has no response_bytes, but internet egress is priced", or.Label()),
				"the bytes its responses send to clients are unknown, so %s; set response_bytes on the origin (or on each of its operations)", consequence)
		}
		if transfer && spread && reqMissing {
			add(at("request_bytes"), fmt.Sprintf("origin %s has no request_bytes, but transfer between regions is priced", or.Label()),
				"the bytes its data operations and writes send between regions are unknown, so %s; set request_bytes on the origin (or on each of its operations)", consequence)
		}
	}
	for i, rs := range m.ReplicaSets {
		if storage && rs.StorageGB == nil {
			add(fmt.Sprintf("replica_sets[%d].storage_gb", i), fmt.Sprintf("replica set %q has no storage_gb, but storage is priced", rs.Name),
				"the data its replicas store is unknown, so %s; set storage_gb to the GB one replica stores", consequence)
		}
	}
}

// checkUnpricedSizes warns of sizes and storage that, without prices,
// change nothing.
func checkUnpricedSizes(c *checker, m Model) {
	given := ""
	for o, or := range m.Workload.Origins {
		if given == "" && (or.RequestBytes != nil || or.ResponseBytes != nil) {
			given = fmt.Sprintf("workload.origins[%d]", o)
		}
	}
	for i, rs := range m.ReplicaSets {
		if given == "" && (rs.StorageGB != nil || rs.RecordBytes != nil) {
			given = fmt.Sprintf("replica_sets[%d]", i)
		}
	}
	if given != "" {
		c.warnf(given, "sizes or storage are given, but no region has prices",
			"they only serve the cost figures; give every region prices to get them, or remove the sizes")
	}
}
