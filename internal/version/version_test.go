package version

import (
	"runtime/debug"
	"testing"
)

func buildInfo(mainVersion string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{
			Path:    "github.com/multiregion/terraform-provider-topology",
			Version: mainVersion,
		}}, true
	}
}

func noBuildInfo() (*debug.BuildInfo, bool) { return nil, false }

func TestResolve(t *testing.T) {
	cases := []struct {
		name     string
		injected string
		read     func() (*debug.BuildInfo, bool)
		want     string
	}{
		{"injected wins over the build info", "v1.2.3", buildInfo("v9.9.9"), "v1.2.3"},
		{"injected is trimmed", " v1.2.3\n", buildInfo("v9.9.9"), "v1.2.3"},
		// go install …@v0.4.0: nothing injected, the module version recorded.
		{"go install falls back to the module version", "", buildInfo("v0.4.0"), "v0.4.0"},
		{"a pseudo-version is reported as is", "", buildInfo("v0.0.0-20261203131400-583f12e1a2b3"), "v0.0.0-20261203131400-583f12e1a2b3"},
		{"a work-tree build is dev", "", buildInfo("(devel)"), Dev},
		{"an empty module version is dev", "", buildInfo(""), Dev},
		{"no build info is dev", "", noBuildInfo, Dev},
		{"blank injection falls back", "  ", buildInfo("v0.4.0"), "v0.4.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := resolve(c.injected, c.read); got != c.want {
				t.Errorf("resolve(%q, main version %s) = %q, want %q", c.injected, describe(c.read), got, c.want)
			}
		})
	}
}

func describe(read func() (*debug.BuildInfo, bool)) string {
	info, ok := read()
	if !ok || info == nil {
		return "none"
	}
	return "\"" + info.Main.Version + "\""
}

// TestString_testBinary checks the wiring to the real debug.ReadBuildInfo: a
// test binary is built from the work tree, so it records "(devel)" and, with
// nothing injected, String must say Dev, not "(devel)".
func TestString_testBinary(t *testing.T) {
	if Version != "" {
		t.Skipf("Version was injected (%q): the fallback is not in play", Version)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("debug.ReadBuildInfo: no build info in the test binary")
	}
	want := Dev
	if v := info.Main.Version; v != "" && v != "(devel)" {
		want = v
	}
	if got := String(); got != want {
		t.Errorf("String() = %q, want %q (build info main version %q)", got, want, info.Main.Version)
	}
}
