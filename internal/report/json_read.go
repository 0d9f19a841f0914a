package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// This file reads back a JSON document that WriteJSON wrote (check
// --json), for check --compare-to. A figure WriteJSON wrote as null (NaN,
// not measured) is read back as NaN, not as the 0 encoding/json would
// leave, so that an unmeasured figure never reads as a measured zero.

// ReadJSON reads a JSON document of JSONSchemaVersion and returns its
// simulations' reports by address.
func ReadJSON(data []byte) (map[string]*simulator.Report, error) {
	var doc struct {
		SchemaVersion *int `json:"schema_version"`
		Simulations   []struct {
			Address string          `json:"address"`
			Report  json.RawMessage `json:"report"`
		} `json:"simulations"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a check --json document: %w", err)
	}
	if doc.SchemaVersion == nil {
		return nil, fmt.Errorf("not a check --json document: no schema_version")
	}
	if *doc.SchemaVersion != JSONSchemaVersion {
		return nil, fmt.Errorf("schema_version %d is not supported (%d is): write it again with this version's check --json", *doc.SchemaVersion, JSONSchemaVersion)
	}
	out := make(map[string]*simulator.Report, len(doc.Simulations))
	for _, s := range doc.Simulations {
		if _, dup := out[s.Address]; dup {
			return nil, fmt.Errorf("simulation %q appears twice", s.Address)
		}
		r, err := readReport(s.Report)
		if err != nil {
			return nil, fmt.Errorf("simulation %q: %w", s.Address, err)
		}
		out[s.Address] = r
	}
	return out, nil
}

// jsonEstimate is simulator.Estimate with null kept apart from 0.
type jsonEstimate struct {
	Mean *float64 `json:"mean"`
	Low  *float64 `json:"ci_low"`
	High *float64 `json:"ci_high"`
}

func (e *jsonEstimate) estimate() simulator.Estimate {
	if e == nil {
		return unmeasured
	}
	return simulator.Estimate{Mean: nanIfNull(e.Mean), Low: nanIfNull(e.Low), High: nanIfNull(e.High)}
}

type jsonLatency struct {
	Mean, P50, P95, P99, P999 *jsonEstimate
}

func (l *jsonLatency) latency() simulator.Latency {
	return simulator.Latency{Mean: l.Mean.estimate(), P50: l.P50.estimate(), P95: l.P95.estimate(), P99: l.P99.estimate(), P999: l.P999.estimate()}
}

// readReport reads the figures a comparison shows: per scenario the
// clauses, the latency and availability, and each origin's.
func readReport(raw json.RawMessage) (*simulator.Report, error) {
	var r struct {
		Seed         uint64 `json:"seed"`
		Replications int    `json:"replications"`
		Scenarios    []struct {
			Name         string        `json:"name"`
			Requests     int64         `json:"requests"`
			Latency      *jsonLatency  `json:"latency_ms"`
			Availability *jsonEstimate `json:"availability"`
			Origins      []struct {
				Name         string        `json:"name"`
				ServedBy     string        `json:"served_by"`
				Requests     int64         `json:"requests"`
				Latency      *jsonLatency  `json:"latency_ms"`
				Availability *jsonEstimate `json:"availability"`
			} `json:"origins"`
			SLA []struct {
				simulator.ClauseResult
				Observed *float64 `json:"observed"`
				Low      *float64 `json:"ci_low"`
				High     *float64 `json:"ci_high"`
			} `json:"sla"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	out := &simulator.Report{Seed: r.Seed, Replications: r.Replications}
	for _, s := range r.Scenarios {
		sr := simulator.ScenarioResult{Name: s.Name, Requests: s.Requests, Availability: s.Availability.estimate()}
		if s.Latency != nil {
			sr.Latency = s.Latency.latency()
		} else {
			sr.Latency = (&jsonLatency{}).latency()
		}
		for _, o := range s.Origins {
			or := simulator.OriginResult{Name: o.Name, ServedBy: o.ServedBy, Requests: o.Requests}
			if o.Latency != nil {
				l := o.Latency.latency()
				or.Latency = &l
			}
			if o.Availability != nil {
				a := o.Availability.estimate()
				or.Availability = &a
			}
			sr.Origins = append(sr.Origins, or)
		}
		for _, c := range s.SLA {
			cr := c.ClauseResult
			cr.Observed, cr.Low, cr.High = nanIfNull(c.Observed), nanIfNull(c.Low), nanIfNull(c.High)
			sr.SLA = append(sr.SLA, cr)
		}
		out.Scenarios = append(out.Scenarios, sr)
	}
	return out, nil
}

func nanIfNull(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}
