package simulator

import "github.com/multiregion/terraform-provider-topology/simulator/internal/engine"

// compileTransfer is the sizes the engine counts bytes with, one per
// engine origin (an operation's own sizes, else its origin's) and per
// replica set; nil without prices, so that a model without cost figures
// counts nothing.
func compileTransfer(plan operationPlan, m Model) *engine.Transfer {
	if !priced(m) {
		return nil
	}
	x := &engine.Transfer{}
	add := func(req, resp int64) {
		x.Request = append(x.Request, req)
		x.Response = append(x.Response, resp)
	}
	if plan.parents == nil {
		for _, o := range m.Workload.Origins {
			add(sizeOf(o.RequestBytes), sizeOf(o.ResponseBytes))
		}
	} else {
		for _, e := range plan.ops {
			o := m.Workload.Origins[e.origin]
			if e.op < 0 {
				add(sizeOf(o.RequestBytes), sizeOf(o.ResponseBytes))
				continue
			}
			add(operationSizes(o, o.Operations[e.op]))
		}
	}
	for _, rs := range m.ReplicaSets {
		rec := int64(-1)
		if rs.RecordBytes != nil {
			rec = *rs.RecordBytes
		}
		x.Record = append(x.Record, rec)
	}
	return x
}
