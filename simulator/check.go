package simulator

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// Bounds of the values Check accepts. Each keeps one simulation within what
// a plan-time run can do in seconds and what float64 simulated time
// represents exactly enough; the finding that enforces it says so.
const (
	// MaxRegions and MaxOrigins bound the model's size: far beyond any
	// real topology, and small enough that routing (origins x regions RTT
	// lookups) stays instantaneous.
	MaxRegions = 1000
	MaxOrigins = 10_000
	// MaxInstances and MaxConcurrency bound a region's servers.
	MaxInstances   = 1_000_000
	MaxConcurrency = 1_000_000
	// MaxQueueLimit bounds a region's waiting room: beyond it an overloaded
	// queue would hold more requests than the engine's in-flight bound.
	MaxQueueLimit = 1_000_000
	// MaxServiceTimeMs bounds the mean service time (about 2.8 hours).
	MaxServiceTimeMs = 1e7
	// MaxLognormalP99OverP50 bounds the lognormal spread: beyond it the mean
	// is dominated by values so rare that replications do not converge.
	MaxLognormalP99OverP50 = 1000
	// MaxJitterSigma bounds the network jitter: at 3 the mean excess delay
	// is already e^4.5 = 90 times its median, far beyond measured networks.
	MaxJitterSigma = 3
	// MaxDurationS bounds the simulated time (about 11.6 days): arrivals
	// are stationary, so a longer window adds nothing that more
	// replications would not.
	MaxDurationS = 1e6
	// MaxReplications bounds the number of replications: 100 narrows an
	// interval ten times more than 2 to 5 do, and any verdict that is
	// still marginal then is marginal in fact.
	MaxReplications = 100
	// MinSimulatedRequests is the smallest budget a model may set: below
	// it no run measures anything worth an interval.
	MinSimulatedRequests = 1000
	// HeavyTrafficUtilization is the utilization above which an unbounded
	// queue draws a warning: its mean wait converges slowly.
	HeavyTrafficUtilization = 0.95
)

// namePattern is the shape of every topology object's unique key (a
// region's, a replica set's, a cache tier's, a routing policy's, a named
// origin's and a scenario's): lowercase letters, digits and dashes, 1 to
// 63 of them, starting and ending with a letter or digit, as DNS labels
// and cloud region names are spelled. nameShape says it in messages.
var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// nameShape describes namePattern in a finding's summary.
const nameShape = "1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit"

// checkedModel is a model that passed Check: defaulted, with resolved locations,
// routes and loads, ready to compile into an engine configuration.
type checkedModel struct {
	model Model
	// regionLoc and originLoc are the parsed locations.
	regionLoc, originLoc []geo.Location
	// route[o] is the region serving origin o; rtt[o] is their round trip.
	route []int
	rtt   []geo.RTT
	// offeredRPS[r] is the load routed to region r, totalRPS all of it:
	// with load profiles, the sum of the origins' peak rates over the run
	// (an upper bound on the peak of the sum), which capacity, headroom
	// and utilization warnings plan for. meanRPS[r] and totalMeanRPS are
	// the mean rates over the run (the integral of the rate functions
	// over duration_s, divided by it): the request budget, and the
	// sustained overload that has no steady state. Without profiles the
	// two are equal.
	offeredRPS   []float64
	totalRPS     float64
	meanRPS      []float64
	totalMeanRPS float64
	// originSet[o] is the replica set origin o uses, -1 for none.
	originSet []int
}

// Check runs the static checks on a model before any simulation, after
// applying the defaults to a copy (so unset optional values are not
// errors). Findings of SeverityError mean the model cannot be simulated as
// it stands; Run refuses it. Warnings point at models that simulate but
// probably not as intended. Findings come in model order: structure first,
// then budget, load and physics, each of which runs only when the parts of
// the model it reads are valid (it would be meaningless otherwise).
func Check(m Model) []Finding {
	_, findings := analyse(m)
	return findings
}

// checker collects findings.
type checker struct {
	findings []Finding
	errors   int
	// topologyUnknown is CheckKnown's: the regions and cache tiers are
	// not known, so names that refer to them are not looked up.
	topologyUnknown bool
}

func (c *checker) add(severity, path, summary, detail string) {
	if severity == SeverityError {
		c.errors++
	}
	c.findings = append(c.findings, Finding{Severity: severity, Path: path, Summary: summary, Detail: detail})
}

func (c *checker) errorf(path, summary, detail string, args ...any) {
	c.add(SeverityError, path, summary, fmt.Sprintf(detail, args...))
}

func (c *checker) warnf(path, summary, detail string, args ...any) {
	c.add(SeverityWarning, path, summary, fmt.Sprintf(detail, args...))
}

// The helpers below report a value against its rule (rules.go) in the
// rule's words: the Summary is the path and what is wrong, the Detail the
// rule's fix, as the provider says it. Each returns whether the value
// passed.

// addRule reports a rule's violation, marked as one.
func (c *checker) addRule(path, summary, detail string) {
	c.errors++
	c.findings = append(c.findings, Finding{Severity: SeverityError, Path: path, Summary: summary, Detail: detail, Rule: true})
}

// number checks v against b: its bound, then the simulator's limit.
func (c *checker) number(path string, b Bound, v float64) bool {
	if what, bad := b.Violation(v); bad {
		c.addRule(path, path+" "+what, b.Fix)
		return false
	}
	if what, bad := b.Unsupported(v); bad {
		c.addRule(path, path+" "+what, b.LimitFix)
		return false
	}
	return true
}

// choice checks that s is one of ch's values.
func (c *checker) choice(path string, ch Choice, s string) bool {
	if what, bad := ch.Violation(s); bad {
		c.addRule(path, path+" "+what, ch.Fix)
		return false
	}
	return true
}

// shape checks that v has the form of sh.
func (c *checker) shape(path string, sh Shape, v string) bool {
	if what, bad := sh.Violation(v); bad {
		c.addRule(path, path+" "+what, sh.FixFor(v))
		return false
	}
	return true
}

// nonEmpty checks that a list of n elements at path is not empty.
func (c *checker) nonEmpty(path string, l List, n int) bool {
	if what, bad := l.Empty(n); bad {
		c.addRule(path, path+" "+what, l.EmptyFix)
		return false
	}
	return true
}

// repeated reports, at the element, that the list at path repeats the
// value of element at, first seen at index first. The summary names the
// list, as the provider's message does.
func (c *checker) repeated(path string, l List, value string, first, at int) {
	c.addRule(fmt.Sprintf("%s[%d]", path, at), path+" "+l.Repeated(value, first, at), l.UniqueFix)
}

// analyse checks a model after defaulting a copy and, when it has no
// errors, returns the defaulted copy as a checkedModel. A few rules read
// raw, the model as given, for what the defaults hide (a name or a read
// ratio left out).
func analyse(raw Model) (*checkedModel, []Finding) {
	m := withDefaults(raw)
	c := &checker{}
	p := &checkedModel{model: m}
	// Each later check runs when the sections it reads are valid, so that
	// one mistake does not hide the others and none is reported from
	// garbage.
	clean := func(check func()) bool {
		before := c.errors
		check()
		return c.errors == before
	}
	regionsOK := clean(func() { checkRegions(c, p) })
	originsOK := clean(func() { checkOrigins(c, p) })
	// Rules on origins that leave them usable for the load checks: a zero
	// rate, a name, allowed jurisdictions (check_regions.go).
	clean(func() { checkOriginValues(c, raw, m) })
	clean(func() { checkNetwork(c, m.Network) })
	keysOK := clean(func() { checkKeys(c, m.Workload) })
	setsOK := clean(func() { checkReplicaSets(c, p) })
	clean(func() { checkOperations(c, raw, m) })
	clean(func() { checkCacheTiers(c, m) })
	clean(func() { checkSessions(c, m) })
	profilesOK := clean(func() { checkLoadProfiles(c, m) })
	clean(func() { checkStateBytes(c, m) })
	clean(func() { checkDataSLA(c, m) })
	clean(func() { checkCost(c, m) })
	clean(func() { checkAutoscaling(c, m) })
	slaOK := clean(func() {
		checkSLA(c, m.SLA)
		checkOriginSLA(c, m)
	})
	runOK := clean(func() { checkRun(c, m.Run) })
	clean(func() { checkScenarios(c, m) })
	routingOK := clean(func() { checkRouting(c, raw, m) })
	if regionsOK && originsOK && profilesOK {
		route(p, routingOK)
		if runOK {
			checkBudget(c, p)
		}
		checkLoad(c, p)
		checkHeadroom(c, p)
		if setsOK {
			checkSovereignty(c, p)
		}
		if setsOK && keysOK {
			checkApplyLoad(c, p)
		}
		if slaOK {
			checkFiberFloor(c, p, routingOK)
		}
	}
	if c.errors > 0 {
		return nil, c.findings
	}
	return p, c.findings
}

// finite reports whether x is a number other than an infinity.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// quantileName spells a quantile the way SLAs do: 0.999 is "p99.9".
func quantileName(q float64) string {
	return "p" + strconv.FormatFloat(q*100, 'f', -1, 64)
}

// suggestName lowercases a name, replaces what the pattern forbids with
// dashes, trims the dashes it may not start or end with and cuts it to 63
// characters.
func suggestName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 63 {
		out = strings.Trim(out[:63], "-")
	}
	if out == "" {
		return "region-1"
	}
	return out
}

// num formats a number for a message: four significant digits, no
// exponent for everyday magnitudes, and NaN/Inf spelled out.
func num(x float64) string {
	if !finite(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if x != 0 && (math.Abs(x) >= 1e12 || math.Abs(x) < 1e-4) {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// count formats a large count with thousands separators: 120,000,000.
func count(x float64) string {
	if !finite(x) || math.Abs(x) >= 1e18 {
		return num(x)
	}
	s := strconv.FormatInt(int64(math.Round(x)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
