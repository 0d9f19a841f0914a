package simulator

// A front-end often knows part of a model before the rest: a Terraform
// configuration's run settings, workload, SLA and scenarios are literals
// at `terraform validate`, while its regions come from resources whose
// values are known only at plan. CheckKnown judges the known part with
// Check's own checks, so that a mistake that lies wholly in it (a fault
// after the run's end, a scenario named baseline, two origins of one name,
// a run past the supported duration) is refused as early, in the same
// words, as Check would refuse it later.

// Known says which sections of a model hold what the caller was given;
// the others are empty in the model and not judged.
type Known struct {
	// Topology is the regions, replica sets, cache tiers and routing
	// policy. While it is not known, a name a fault gives (a region, a
	// cache tier) is taken as declared: only what the fault itself says is
	// judged.
	Topology bool
	// Run is the duration, warm-up and replications.
	Run bool
	// Workload, SLA, Scenarios and Network are those sections.
	Workload, SLA, Scenarios, Network bool
}

// CheckKnown returns the errors that Check would report on the known
// sections of m, in Check's words, and nothing that needs a section not
// known. It never judges the topology's own values (the front-end's field
// rules do) nor the request budget, which depends on settings that may
// not be known either. Each check runs, as in Check, only when the
// sections it reads passed, so that no error is derived from another.
func CheckKnown(raw Model, k Known) []Finding {
	m := withDefaults(raw)
	c := &checker{topologyUnknown: !k.Topology}
	p := &checkedModel{model: m}
	clean := func(check func()) bool {
		before := c.errors
		check()
		return c.errors == before
	}
	workloadOK := k.Workload && clean(func() {
		checkOrigins(c, p)
		checkOriginValues(c, raw, m)
		checkKeys(c, m.Workload)
	})
	if k.Network {
		checkNetwork(c, m.Network)
	}
	if k.SLA {
		checkSLA(c, m.SLA)
		if workloadOK {
			checkOriginSLA(c, m)
		}
	}
	runOK := k.Run && clean(func() { checkRun(c, m.Run) })
	if workloadOK {
		// A step's time is judged against the run only when the run is
		// known (m holds the default duration otherwise).
		lm := m
		if !runOK {
			lm.Run.DurationS = nil
		}
		checkLoadProfiles(c, lm)
	}
	if k.Scenarios && runOK && workloadOK {
		checkScenarios(c, m)
	}
	var errs []Finding
	for _, f := range c.findings {
		if f.Severity != SeverityWarning {
			errs = append(errs, f)
		}
	}
	return errs
}

// regionNames are the declared regions a fault's names are looked up in:
// while the topology is not known, the names the fault gives.
func (c *checker) regionNames(m Model, f Fault) names {
	if c.topologyUnknown {
		given := []string{f.Region, f.RegionB}
		return declaredNames(len(given), func(i int) string { return given[i] })
	}
	return declaredNames(len(m.Regions), func(i int) string { return m.Regions[i].Name })
}
