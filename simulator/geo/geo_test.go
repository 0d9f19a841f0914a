package geo

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string) Location {
	t.Helper()
	l, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return l
}

func TestParseCatalogAndCoordinates(t *testing.T) {
	l := mustParse(t, "aws:eu-west-1")
	if l.Metro != "Dublin" || l.Jurisdiction != "EU" || l.Latitude != 53.35 {
		t.Errorf("aws:eu-west-1 resolved to %+v", l)
	}
	for _, code := range []string{"gcp:us-central1", "azure:eastus"} {
		if l := mustParse(t, code); l.Code != code || l.Jurisdiction == "" {
			t.Errorf("%s resolved to %+v", code, l)
		}
	}
	g := mustParse(t, "geo:48.86, 2.35")
	if g.Code != "geo:48.86,2.35" || g.IsCatalog() {
		t.Errorf("geo location resolved to %+v", g)
	}
}

func TestParseErrorsSayWhatIsWrong(t *testing.T) {
	cases := map[string]string{
		"us-east-1":       "not of the form",
		"aws:us-east-9":   "not in the aws catalog",
		"oracle:phoenix":  "unknown provider",
		"geo:91,0":        "latitude 91 outside",
		"geo:0,181":       "longitude 181 outside",
		"geo:north,south": "decimal degrees",
		"geo:12":          "geo:LAT,LON",
		"geo:NaN,1":       "decimal degrees",
		"aws:":            "not of the form",
	}
	for in, want := range cases {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to mention %q", in, err, want)
		}
	}
}

func TestDistanceKnownPair(t *testing.T) {
	// London-Paris is about 344 km great-circle.
	d := DistanceKm(mustParse(t, "geo:51.51,-0.13"), mustParse(t, "geo:48.86,2.35"))
	if math.Abs(d-344) > 5 {
		t.Errorf("London-Paris = %.1f km, want about 344", d)
	}
}

func TestMeasuredRTTsRespectTheFloor(t *testing.T) {
	for _, a := range RegionNames("aws") {
		for _, b := range RegionNames("aws") {
			la, lb := mustParse(t, "aws:"+a), mustParse(t, "aws:"+b)
			r := RoundTrip(la, lb)
			if !r.Measured {
				t.Fatalf("%s->%s: not measured", a, b)
			}
			if r.Ms < r.FloorMs {
				t.Errorf("%s->%s: %.1f ms below floor %.1f ms", a, b, r.Ms, r.FloorMs)
			}
		}
	}
}

func TestEstimateParametersFromTable(t *testing.T) {
	intra, ratio := EstimateParameters()
	// shared/reference/README.md: median measured/floor ratio 1.72x.
	if math.Abs(ratio-1.72) > 0.02 {
		t.Errorf("median ratio = %.3f, want 1.72 as the reference README states", ratio)
	}
	if intra < 1 || intra > 5 {
		t.Errorf("median intra-region RTT = %.2f ms, want a few ms", intra)
	}
	est := RoundTrip(mustParse(t, "gcp:europe-west1"), mustParse(t, "gcp:us-east1"))
	if est.Measured || est.Ms < est.FloorMs {
		t.Errorf("estimate %+v must be unmeasured and above the floor", est)
	}
}

// TestEmbeddedDataMatchesSharedReference keeps the embedded copy true to the
// project's reference data when it is checked out beside the repository.
func TestEmbeddedDataMatchesSharedReference(t *testing.T) {
	ref := filepath.Join("..", "..", "..", "shared", "reference")
	if _, err := os.Stat(ref); err != nil {
		t.Skip("shared/reference is not beside the checkout")
	}
	entries, _ := data.ReadDir("data")
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tsv") {
			continue
		}
		want, err := os.ReadFile(filepath.Join(ref, e.Name()))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		got, _ := data.ReadFile("data/" + e.Name())
		if string(got) != string(want) {
			t.Errorf("simulator/geo/data/%s differs from shared/reference; copy it again", e.Name())
		}
	}
}
