package mapping

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// This file reads back the results attribute of a topology_simulation, as
// `terraform show -json` writes it (its layout is results.go's
// scenarioOutput), into the part of a simulator.Report that a
// before-and-after comparison shows: each scenario's clauses, its overall
// latency and availability, and each origin's. It is how the CLI gets the
// "before" of a plan from the prior state without simulating again.

// priorScenario is the subset of scenarioOutput read back.
type priorScenario struct {
	Name           string          `json:"name"`
	Requests       int64           `json:"requests"`
	LatencyMs      *priorLatency   `json:"latency_ms"`
	LatencyMsCI    *priorLatencyCI `json:"latency_ms_ci"`
	Availability   *float64        `json:"availability"`
	AvailabilityCI *priorInterval  `json:"availability_ci"`
	Origins        []struct {
		Name           string          `json:"name"`
		Location       string          `json:"location"`
		ServedBy       string          `json:"served_by"`
		Requests       int64           `json:"requests"`
		LatencyMs      *priorLatency   `json:"latency_ms"`
		LatencyMsCI    *priorLatencyCI `json:"latency_ms_ci"`
		Availability   *float64        `json:"availability"`
		AvailabilityCI *priorInterval  `json:"availability_ci"`
	} `json:"origins"`
	SLA []struct {
		Clause    string   `json:"clause"`
		Origin    *string  `json:"origin"`
		Operation *string  `json:"operation"`
		Target    *float64 `json:"target"`
		Observed  *float64 `json:"observed"`
		CILow     *float64 `json:"ci_low"`
		CIHigh    *float64 `json:"ci_high"`
		Status    string   `json:"status"`
	} `json:"sla"`
}

type priorLatency struct {
	Mean, P50, P95, P99, P999 *float64
}

type priorLatencyCI struct {
	Mean, P50, P95, P99, P999 *priorInterval
}

type priorInterval struct {
	Low  *float64 `json:"low"`
	High *float64 `json:"high"`
}

// ErrNoResults is returned (wrapped) by ReportFromResultsJSON when the
// values hold no results: a simulation never applied, or one whose results
// were unknown.
var ErrNoResults = errors.New("no results")

// ReportFromResultsJSON reads the results attribute of a
// topology_simulation's values (as `terraform show -json` writes them, for
// instance in a plan's prior_state) back into a report holding, per
// scenario, the SLA clauses, the overall latency and availability and
// those of each origin; other figures are left zero. A figure written as
// null (not measured) is NaN.
func ReportFromResultsJSON(values json.RawMessage) (*simulator.Report, error) {
	var obj struct {
		Results *[]priorScenario `json:"results"`
	}
	if err := json.Unmarshal(values, &obj); err != nil {
		return nil, fmt.Errorf("reading the results: %w", err)
	}
	if obj.Results == nil {
		return nil, fmt.Errorf("reading the results: %w", ErrNoResults)
	}
	r := &simulator.Report{SchemaVersion: simulator.ReportSchemaVersion}
	for _, ps := range *obj.Results {
		s := simulator.ScenarioResult{
			Name:         ps.Name,
			Requests:     ps.Requests,
			Latency:      ps.LatencyMs.latency(ps.LatencyMsCI),
			Availability: estimateFrom(ps.Availability, ps.AvailabilityCI),
		}
		for _, o := range ps.Origins {
			lat := o.LatencyMs.latency(o.LatencyMsCI)
			avail := estimateFrom(o.Availability, o.AvailabilityCI)
			or := simulator.OriginResult{Name: o.Name, Location: o.Location, ServedBy: o.ServedBy, Requests: o.Requests, Availability: &avail}
			if !math.IsNaN(lat.P99.Mean) {
				or.Latency = &lat
			}
			if math.IsNaN(avail.Mean) {
				or.Availability = nil
			}
			s.Origins = append(s.Origins, or)
		}
		for _, c := range ps.SLA {
			cr := simulator.ClauseResult{
				Clause: c.Clause, Origin: deref(c.Origin), Operation: deref(c.Operation), Status: c.Status,
				Target: orNaN(c.Target), Observed: orNaN(c.Observed), Low: orNaN(c.CILow), High: orNaN(c.CIHigh),
			}
			cr.NotMeasured = c.Observed == nil
			s.SLA = append(s.SLA, cr)
		}
		r.Scenarios = append(r.Scenarios, s)
	}
	return r, nil
}

func (l *priorLatency) latency(ci *priorLatencyCI) simulator.Latency {
	if l == nil {
		l = &priorLatency{}
	}
	if ci == nil {
		ci = &priorLatencyCI{}
	}
	return simulator.Latency{
		Mean: estimateFrom(l.Mean, ci.Mean), P50: estimateFrom(l.P50, ci.P50), P95: estimateFrom(l.P95, ci.P95),
		P99: estimateFrom(l.P99, ci.P99), P999: estimateFrom(l.P999, ci.P999),
	}
}

func estimateFrom(mean *float64, ci *priorInterval) simulator.Estimate {
	e := simulator.Estimate{Mean: orNaN(mean), Low: math.NaN(), High: math.NaN()}
	if ci != nil {
		e.Low, e.High = orNaN(ci.Low), orNaN(ci.High)
	}
	return e
}

func orNaN(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
