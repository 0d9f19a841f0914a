package engine

// Transfer: the bytes that measured requests move, per flow, for the cost
// of data transfer. A request issued after the warm-up (measuredOrigin)
// counts every byte it moves, wherever and whenever it moves it, as its
// latency counts: its request from the client to the region of each
// attempt, its response from the serving region back to the client, its
// data operation from the serving region to the replica and back, and for
// a write each copy the accepting replica sends to another replica. So a
// run's bytes are requests x sizes exactly when every request succeeds
// (no retry, no failure), which the tests check. Error answers, health
// probes, acknowledgements, invalidations and the resynchronisation of a
// replica that comes back are not counted: they carry no payload.
//
// The counters are plain int64 additions, on a flag checked once per
// flow: the hot path pays nothing without Config.Transfer.

// Transfer holds the sizes the engine counts; nil counts nothing.
type Transfer struct {
	// Request and Response are, per origin (Config order), the bytes of
	// one request and of its response.
	Request, Response []int64
	// Record is, per replica set (Config order), the bytes one write
	// sends to each other replica; -1 means the write's request bytes.
	Record []int64
}

// TransferResult is the bytes one replication's measured requests moved.
type TransferResult struct {
	// Regions is the number of regions; Between[a*Regions+b] the bytes
	// sent from region a to region b (data operations and their answers,
	// replication), the diagonal holding those that stayed in a region.
	Regions int
	Between []int64
	// ToClients[g] is the bytes region g sent to clients (responses),
	// FromClients[g] those clients sent to it (requests).
	ToClients, FromClients []int64
}

// transferState is the replication's counters; on is false without
// Config.Transfer.
type transferState struct {
	on                     bool
	n                      int
	between                []int64
	toClients, fromClients []int64
}

// resetTransfer zeroes the counters, allocating them on first use.
func (s *Sim) resetTransfer() {
	x := &s.xfer
	x.on = s.cfg.Transfer != nil
	if !x.on {
		return
	}
	n := len(s.cfg.Regions)
	if x.between == nil {
		x.n = n
		x.between = make([]int64, n*n)
		x.toClients = make([]int64, n)
		x.fromClients = make([]int64, n)
	}
	clear(x.between)
	clear(x.toClients)
	clear(x.fromClients)
}

// countRequest counts a measured request's (or attempt's) bytes from its
// client to region g.
func (s *Sim) countRequest(r *request, g int32) {
	if s.xfer.on && r.flags&(measuredOrigin|isProbe) == measuredOrigin {
		s.xfer.fromClients[g] += s.cfg.Transfer.Request[r.origin]
	}
}

// countResponse counts a measured request's response bytes from its
// region to its client.
func (s *Sim) countResponse(r *request) {
	if s.xfer.on && r.flags&(measuredOrigin|isProbe) == measuredOrigin {
		s.xfer.toClients[r.region] += s.cfg.Transfer.Response[r.origin]
	}
}

// countData counts a measured request's data leg from region a to region
// b: its request bytes on the way to the replica (back false), its
// response bytes on the way back.
func (s *Sim) countData(r *request, a, b int32, back bool) {
	if !s.xfer.on || r.flags&measuredOrigin == 0 {
		return
	}
	size := s.cfg.Transfer.Request[r.origin]
	if back {
		size = s.cfg.Transfer.Response[r.origin]
	}
	s.xfer.between[int(a)*s.xfer.n+int(b)] += size
}

// recordBytes is the bytes a write of request req sends to each other
// replica of set set; 0 without Config.Transfer.
func (s *Sim) recordBytes(set int, req int32) int64 {
	if !s.xfer.on {
		return 0
	}
	if b := s.cfg.Transfer.Record[set]; b >= 0 {
		return b
	}
	return s.cfg.Transfer.Request[s.reqs[req].origin]
}

// countReplication counts one replicated write of size bytes from region
// a to region b, when it is measured.
func (s *Sim) countReplication(a, b int32, size int64, measured uint8) {
	if s.xfer.on && measured != 0 {
		s.xfer.between[int(a)*s.xfer.n+int(b)] += size
	}
}

// summariseTransfer copies the counters into res.
func (s *Sim) summariseTransfer(res *Result) {
	if !s.xfer.on {
		return
	}
	x := &s.xfer
	res.Transfer = &TransferResult{
		Regions:     x.n,
		Between:     append([]int64(nil), x.between...),
		ToClients:   append([]int64(nil), x.toClients...),
		FromClients: append([]int64(nil), x.fromClients...),
	}
}
