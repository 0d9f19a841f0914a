package geo

import (
	"bufio"
	"embed"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// data holds copies of shared/reference (see data/README.md for sources).
//
//go:embed data/*.tsv
var data embed.FS

// locationFiles maps a catalog provider prefix to its locations table.
var locationFiles = map[string]string{
	"aws":   "aws-region-locations.tsv",
	"gcp":   "gcp-region-locations.tsv",
	"azure": "azure-region-locations.tsv",
}

const awsRTTFile = "aws-inter-region-rtt-p50.tsv"

type tables struct {
	locations map[string]map[string]Location // provider -> region -> location
	awsRTT    map[string]map[string]float64  // from -> to -> ms
	stats     estimateStats
}

type estimateStats struct {
	intraRegionMs float64
	medianRatio   float64
}

// load parses the embedded tables once. The data ships inside the binary and
// is checked by tests, so a parse error is a build defect: it panics at first
// use rather than returning an error every caller would have to carry.
var load = sync.OnceValue(func() *tables {
	t, err := parseTables()
	if err != nil {
		panic("geo: embedded reference data is malformed: " + err.Error())
	}
	return t
})

func catalog() map[string]map[string]Location { return load().locations }
func rttStats() estimateStats                 { return load().stats }

// RegionNames lists a provider's catalog regions in sorted order.
func RegionNames(provider string) []string {
	names := make([]string, 0, len(catalog()[provider]))
	for name := range catalog()[provider] {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// CatalogCodes lists every catalog code ("aws:us-east-1", ...) in sorted order.
func CatalogCodes() []string {
	var codes []string
	for provider := range catalog() {
		for _, name := range RegionNames(provider) {
			codes = append(codes, provider+":"+name)
		}
	}
	sort.Strings(codes)
	return codes
}

func measuredRTT(a, b Location) (float64, bool) {
	if a.Provider != "aws" || b.Provider != "aws" {
		return 0, false
	}
	ms, ok := load().awsRTT[a.Region][b.Region]
	return ms, ok
}

func parseTables() (*tables, error) {
	t := &tables{locations: map[string]map[string]Location{}}
	for provider, file := range locationFiles {
		rows, err := readTSV(file)
		if err != nil {
			return nil, err
		}
		regions := map[string]Location{}
		for i, row := range rows[1:] { // rows[0] is the header
			if len(row) != 5 {
				return nil, fmt.Errorf("%s row %d: want 5 columns, got %d", file, i+2, len(row))
			}
			lat, err1 := strconv.ParseFloat(row[2], 64)
			lon, err2 := strconv.ParseFloat(row[3], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%s row %d: bad coordinates %q, %q", file, i+2, row[2], row[3])
			}
			regions[row[0]] = Location{
				Code: provider + ":" + row[0], Provider: provider, Region: row[0], Metro: row[1],
				Latitude: lat, Longitude: lon, Jurisdiction: row[4],
			}
		}
		t.locations[provider] = regions
	}

	rows, err := readTSV(awsRTTFile)
	if err != nil {
		return nil, err
	}
	header := rows[0][1:]
	t.awsRTT = map[string]map[string]float64{}
	var intra, ratios []float64
	for i, row := range rows[1:] {
		if len(row) != len(header)+1 {
			return nil, fmt.Errorf("%s row %d: want %d columns, got %d", awsRTTFile, i+2, len(header)+1, len(row))
		}
		from := row[0]
		t.awsRTT[from] = map[string]float64{}
		for j, to := range header {
			ms, err := strconv.ParseFloat(row[j+1], 64)
			if err != nil || ms <= 0 {
				return nil, fmt.Errorf("%s row %d column %s: bad RTT %q", awsRTTFile, i+2, to, row[j+1])
			}
			t.awsRTT[from][to] = ms
			a, okA := t.locations["aws"][from]
			b, okB := t.locations["aws"][to]
			if !okA || !okB {
				return nil, fmt.Errorf("%s: region pair %s/%s has no location", awsRTTFile, from, to)
			}
			if from == to {
				intra = append(intra, ms)
			} else {
				ratios = append(ratios, ms/FloorRTTMs(a, b))
			}
		}
	}
	t.stats = estimateStats{intraRegionMs: median(intra), medianRatio: median(ratios)}
	return t, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// readTSV returns the non-comment rows of an embedded table, split on tabs.
func readTSV(file string) ([][]string, error) {
	f, err := data.Open(path.Join("data", file))
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no data rows", file)
	}
	return rows, nil
}
