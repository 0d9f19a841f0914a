package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCheckCommand runs the whole check command on arbitrary plan JSON:
// whatever the bytes, it exits 0, 1 or 2 and never panics, and an exit of
// 2 comes with a message on stderr. Seeded with the plan fixtures and
// their mutilations, so plain go test runs the success and failure paths.
func FuzzCheckCommand(f *testing.F) {
	for _, name := range []string{"quickstart.plan.json", "quickstart-fail.plan.json"} {
		data, err := os.ReadFile(fixture(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add([]byte(strings.Replace(string(data), `"rps"`, `"rpz"`, 1)))
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{}}}`))
	f.Add([]byte(`null`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		plan := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(plan, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, "check", "--plan", plan)
		switch code {
		case ExitOK, ExitSLAFailed:
		case ExitBadInput:
			if strings.TrimSpace(stderr) == "" {
				t.Fatalf("exit 2 without a message")
			}
		default:
			t.Fatalf("exit %d\n%s", code, stderr)
		}
	})
}
