// Package geo resolves locations (cloud catalog codes or "geo:LAT,LON") to
// coordinates and jurisdictions, and models round-trip times between them:
// measured medians where both ends are catalog regions with a published
// figure, otherwise an estimate from great-circle distance that never beats
// the speed of light in fiber.
package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FiberKmPerMs is how far light travels in optical fiber in one millisecond
// (refractive index about 1.47, so about 2/3 c).
const FiberKmPerMs = 204.0

// earthRadiusKm is the mean Earth radius used by the haversine formula.
const earthRadiusKm = 6371.0

// Location is a resolved place: a catalog region or a bare coordinate.
type Location struct {
	// Code is the canonical spelling: "aws:us-east-1" or "geo:LAT,LON".
	Code string
	// Provider is "aws", "gcp", "azure", or "geo" for a bare coordinate.
	Provider string
	// Region is the provider's region name; empty for a bare coordinate.
	Region string
	// Metro names the city of a catalog region.
	Metro     string
	Latitude  float64
	Longitude float64
	// Jurisdiction is the legal jurisdiction of a catalog region (EU for EU
	// member states, otherwise the ISO country code); empty for coordinates.
	Jurisdiction string
}

// IsCatalog reports whether the location is a catalog region.
func (l Location) IsCatalog() bool { return l.Provider != "geo" }

// Parse resolves a location string. It accepts "aws:<region>",
// "gcp:<region>", "azure:<region>" and "geo:LAT,LON" with LAT in [-90, 90]
// and LON in [-180, 180]. Errors say what was wrong and what is accepted.
func Parse(s string) (Location, error) {
	provider, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Location{}, fmt.Errorf("location %q is not of the form PROVIDER:REGION or geo:LAT,LON; use a catalog code such as \"aws:us-east-1\" or coordinates such as \"geo:48.86,2.35\"", s)
	}
	if provider == "geo" {
		return parseCoordinates(s, rest)
	}
	cat, known := catalog()[provider]
	if !known {
		return Location{}, fmt.Errorf("location %q has unknown provider %q; use one of aws, gcp, azure, or geo:LAT,LON", s, provider)
	}
	loc, found := cat[rest]
	if !found {
		return Location{}, fmt.Errorf("location %q is not in the %s catalog; known %s regions: %s", s, provider, provider, strings.Join(RegionNames(provider), ", "))
	}
	return loc, nil
}

func parseCoordinates(s, rest string) (Location, error) {
	latText, lonText, ok := strings.Cut(rest, ",")
	if !ok {
		return Location{}, fmt.Errorf("location %q must give latitude and longitude as geo:LAT,LON, e.g. \"geo:48.86,2.35\"", s)
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(latText), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(lonText), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) {
		return Location{}, fmt.Errorf("location %q must give latitude and longitude as decimal degrees, e.g. \"geo:48.86,2.35\"", s)
	}
	if lat < -90 || lat > 90 {
		return Location{}, fmt.Errorf("location %q has latitude %g outside [-90, 90]", s, lat)
	}
	if lon < -180 || lon > 180 {
		return Location{}, fmt.Errorf("location %q has longitude %g outside [-180, 180]", s, lon)
	}
	return Location{
		Code:      "geo:" + strconv.FormatFloat(lat, 'f', -1, 64) + "," + strconv.FormatFloat(lon, 'f', -1, 64),
		Provider:  "geo",
		Latitude:  lat,
		Longitude: lon,
	}, nil
}

// DistanceKm is the great-circle (haversine) distance between two locations.
func DistanceKm(a, b Location) float64 {
	const rad = math.Pi / 180
	dLat := (b.Latitude - a.Latitude) * rad
	dLon := (b.Longitude - a.Longitude) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Latitude*rad)*math.Cos(b.Latitude*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// FloorRTTMs is the physical lower bound of a round trip: there and back at
// the speed of light in fiber along the great circle.
func FloorRTTMs(a, b Location) float64 {
	return 2 * DistanceKm(a, b) / FiberKmPerMs
}

// RTT is a modelled round-trip time and where it came from.
type RTT struct {
	// Ms is the median round-trip time in milliseconds.
	Ms float64
	// FloorMs is the fiber floor for the same pair.
	FloorMs float64
	// Measured is true when Ms is a published measurement.
	Measured bool
}

// RoundTrip models the median round-trip time from a to b. When both are AWS
// regions it is the published median (row a, column b of the cloudping.co
// table). Otherwise it is estimated as the intra-region median plus the
// median measured/floor ratio times the floor, which puts the estimate where
// half of the measured pairs are; it is never below the floor.
func RoundTrip(a, b Location) RTT {
	floor := FloorRTTMs(a, b)
	if ms, ok := measuredRTT(a, b); ok {
		return RTT{Ms: math.Max(ms, floor), FloorMs: floor, Measured: true}
	}
	s := rttStats()
	return RTT{Ms: s.intraRegionMs + s.medianRatio*floor, FloorMs: floor}
}

// EstimateParameters returns the constants of the distance-based estimate,
// derived from the measured table: the median within-region RTT and the
// median ratio of measured RTT to the fiber floor over all measured pairs.
func EstimateParameters() (intraRegionMs, medianRatio float64) {
	s := rttStats()
	return s.intraRegionMs, s.medianRatio
}
