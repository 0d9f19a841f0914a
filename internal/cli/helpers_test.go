package cli

import (
	"bytes"
	"strings"
	"testing"
)

// run runs the CLI in process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runWithStdin(t, "", args...)
}

func runWithStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main("test", args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}
