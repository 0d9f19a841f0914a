package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// runOnStderr runs the CLI with stderr on f (a pty's terminal end or a
// pipe's write end), closes f, and returns the exit code, stdout and what
// r (the other end) read.
func runOnStderr(t *testing.T, f *os.File, r io.Reader, args ...string) (int, string, string) {
	t.Helper()
	read := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, r) // a pty's master ends with EIO once the terminal end is closed
		read <- b.String()
	}()
	var out bytes.Buffer
	code := mainContext(context.Background(), "test", args, strings.NewReader(""), &out, f)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return code, out.String(), <-read
}

// progressCases are the commands that simulate, each with what its bar
// must say.
var progressCases = []struct {
	name string
	args func(dir string) []string
	want []string
}{
	{"simulate", func(string) []string {
		return []string{"simulate", "-f", filepath.Join("testdata", "quickstart.model.json")}
	},
		[]string{"quickstart.model.json: baseline (scenario 1/1), replications", "/3)"}},
	{"check", func(string) []string {
		return []string{"check", "-f", filepath.Join("testdata", "quickstart.model.json")}
	},
		[]string{"quickstart.model.json: baseline (scenario 1/1), replications", "/3)"}},
	{"sweep", func(dir string) []string {
		return []string{"sweep", "-f", filepath.Join("testdata", "minimal.model.json"), "--param", "workload.rps_scale=1:2:1", "--out", filepath.Join(dir, "s.csv")}
	}, []string{"sweep testdata/minimal.model.json: ", "/2 points"}},
	{"capacity", func(string) []string {
		return []string{"capacity", "-f", filepath.Join("testdata", "quickstart.model.json"), "--max", "8"}
	},
		[]string{"capacity simulation 1, baseline search, with every region up: ", "replications"}},
}

// TestProgressOnTerminalOnly: each simulating command draws a progress bar
// (what it simulates, replications done of planned, the time left) when
// stderr is a pseudo-terminal, erases it when done, and writes no bar and
// no control character when stderr is a pipe, when CI is set, or with
// --no-progress. Standard output is the same in every case.
func TestProgressOnTerminalOnly(t *testing.T) {
	t.Setenv("CI", "")
	for _, tc := range progressCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminal here: %v", err)
			}
			defer func() { _ = ptmx.Close() }()
			code, ttyOut, onTTY := runOnStderr(t, tty, ptmx, tc.args(dir)...)
			for _, w := range tc.want {
				if !strings.Contains(onTTY, w) {
					t.Errorf("on a terminal, stderr lacks %q:\n%q", w, onTTY)
				}
			}
			// The bar's time: elapsed and left.
			if !strings.Contains(onTTY, "[") || !strings.Contains(onTTY, "s:") {
				t.Errorf("on a terminal, the bar shows no [elapsed:left] time:\n%q", onTTY)
			}
			if strings.Contains(ttyOut, "\x1b") || strings.Contains(ttyOut, "\r") {
				t.Errorf("the bar reached stdout:\n%q", ttyOut)
			}
			// Erased when done: the last bar is followed by the line
			// clear, and nothing after it is a bar.
			last := strings.LastIndex(onTTY, "\x1b[2K\r")
			if last < 0 || strings.Contains(onTTY[last:], "replications") || strings.Contains(onTTY[last:], "points") {
				t.Errorf("the bar is not erased at the end:\n%q", onTTY)
			}

			for _, off := range []struct {
				name  string
				ci    string
				extra []string
			}{{"pipe", "", nil}, {"CI", "true", nil}, {"no-progress", "", []string{"--no-progress"}}} {
				var f *os.File
				var r io.Reader
				if off.name == "pipe" {
					pr, pw, err := os.Pipe()
					if err != nil {
						t.Fatal(err)
					}
					defer func() { _ = pr.Close() }()
					f, r = pw, pr
				} else {
					ptmx, tty, err := pty.Open()
					if err != nil {
						t.Fatal(err)
					}
					defer func() { _ = ptmx.Close() }()
					f, r = tty, ptmx
				}
				t.Setenv("CI", off.ci)
				c, out, stderr := runOnStderr(t, f, r, append(off.extra, tc.args(t.TempDir())...)...)
				t.Setenv("CI", "")
				stderr = strings.ReplaceAll(stderr, "\r\n", "\n") // a terminal's own newline translation
				if c != code || out != ttyOut {
					t.Errorf("%s: exit %d and stdout differ from the terminal's (%d):\n%s\n%s", off.name, c, code, out, ttyOut)
				}
				if strings.Contains(stderr, "replications") || strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "\r") {
					t.Errorf("%s: a progress bar on stderr:\n%q", off.name, stderr)
				}
			}
		})
	}
}
