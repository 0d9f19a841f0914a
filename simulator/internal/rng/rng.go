// Package rng derives the independent random streams of a simulation.
//
// Every replication and every random component of the model (one origin's
// arrivals, one region's service times, one origin's network jitter...) gets
// its own PCG stream, seeded from (seed, replication, component) through the
// splitmix64 finaliser. Separate streams make a replication a pure function
// of its index, whatever order or thread it runs on, and keep components
// independent of each other: adding a region does not shift the arrival
// times of any origin (common random numbers across what-if variants).
package rng

import "math/rand/v2"

// Component names one consumer of randomness in a replication: a Class and
// the index of the entity within that class.
type Component uint64

// Classes of components. Their values are part of the reproducibility
// contract: changing them changes every report for a given seed.
const (
	ClassArrivals uint32 = 1 // an origin's inter-arrival times
	ClassService  uint32 = 2 // a region's service times
	ClassNetwork  uint32 = 3 // an origin's network jitter, both legs
	// Classes of the data layer (replica sets), used only by models that
	// have one, so that they leave the streams above untouched.
	ClassKeys        uint32 = 4 // an origin's read/write choice and key
	ClassData        uint32 = 5 // an origin's data legs (serving region <-> replica)
	ClassReplication uint32 = 6 // a replica set's replication and ack legs
	ClassApply       uint32 = 7 // a replica's apply times (index over all sets)
	// ClassCache is a cache tier's invalidation legs, used only by models
	// with cache tiers.
	ClassCache uint32 = 8
	// Classes of the routing layer and of traffic surges, used only by
	// models with a routing policy or a traffic_surge fault: an origin's
	// DNS ages, weighted choices and backoff jitter; the health probes'
	// phases; a surge's extra arrivals.
	ClassRouting uint32 = 9
	ClassProbe   uint32 = 10
	ClassSurge   uint32 = 11
	// ClassSessions is an origin's choice of session per request, used
	// only by origins with sessions (read_your_writes), so other models'
	// streams are unchanged.
	ClassSessions uint32 = 20
)

// NewComponent names the index-th entity of a class.
func NewComponent(class uint32, index int) Component {
	return Component(uint64(class)<<32 | uint64(uint32(index)))
}

// golden is 2^64 / phi, the splitmix64 increment: adding it before mixing
// keeps consecutive inputs (seed 0, 1, 2...) far apart.
const golden uint64 = 0x9e3779b97f4a7c15

// Mix is the splitmix64 finaliser (Stafford's variant 13): a bijection of
// uint64 with full avalanche, so that nearby inputs give unrelated outputs.
func Mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Seeds returns the two 64-bit PCG seeds of a stream. Each input is folded
// in with its own mixing round so that (seed, rep, comp) triples that differ
// in any one field give unrelated states.
func Seeds(seed uint64, replication int, comp Component) (hi, lo uint64) {
	h := Mix(seed + golden)
	// The increments wrap modulo 2^64 on purpose, like splitmix64's own.
	g := golden
	g2, g3 := g*2, g*3
	h = Mix(h ^ (uint64(replication) + g2))
	h = Mix(h ^ (uint64(comp) + g3))
	return h, Mix(h + golden)
}

// Stream returns the random stream of one component in one replication.
// Draw variates with the stream's own methods (ExpFloat64, NormFloat64):
// they allocate nothing.
func Stream(seed uint64, replication int, comp Component) *rand.Rand {
	hi, lo := Seeds(seed, replication, comp)
	return rand.New(rand.NewPCG(hi, lo))
}
