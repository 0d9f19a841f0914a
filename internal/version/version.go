// Package version says which build of terraform-provider-topology is running.
//
// A release build has the version injected at link time (make and goreleaser
// pass -ldflags "-X <this package>.Version=vX.Y.Z"). A build that was not
// given one, such as `go install github.com/multiregion/terraform-provider-topology@vX.Y.Z`,
// falls back to the module version the Go toolchain records in the binary,
// so that it reports vX.Y.Z rather than "dev".
package version

import (
	"runtime/debug"
	"strings"
)

// Version is the version injected at link time; empty when none was. Read it
// through String, which supplies the fallback.
var Version string

// Dev is what String reports for a build that carries no version at all:
// `go build` or `go run` in a checkout.
const Dev = "dev"

// String returns the build's version: the injected Version, else the main
// module's version from debug.ReadBuildInfo, else Dev.
func String() string {
	return resolve(Version, debug.ReadBuildInfo)
}

// resolve is String with its two sources passed in, so that a test can give
// it a build info of its choosing (the test binary's own says "(devel)").
func resolve(injected string, readBuildInfo func() (*debug.BuildInfo, bool)) string {
	if v := strings.TrimSpace(injected); v != "" {
		return v
	}
	info, ok := readBuildInfo()
	if !ok || info == nil {
		return Dev
	}
	// "(devel)" is what a build from a work tree records when it is not a
	// module download (or when VCS stamping is off): no version to report.
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return Dev
}
