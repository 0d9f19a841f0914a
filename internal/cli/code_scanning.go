package cli

import (
	"flag"
	"fmt"
	"os"
)

// codeScanningFlags are check's outputs for GitHub: a SARIF log for code
// scanning and workflow-command annotations, both located by one locator
// at the topology_simulation blocks of the configuration in configDir.
type codeScanningFlags struct {
	sarif     string
	github    bool
	configDir string
	// configDirSet is true when --config-dir was given: a directory that
	// is not there is then an error, not the default's quiet fallback.
	configDirSet bool
}

func (c *codeScanningFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.sarif, "sarif", "", "write a SARIF 2.1.0 log (GitHub code scanning), one result per failed or marginal SLA clause, to `FILE` (- for stdout)")
	fs.BoolVar(&c.github, "github", false, "write a GitHub Actions annotation (::error / ::warning with file and line) per failed or marginal SLA clause on stdout")
	fs.Func("config-dir", "the Terraform configuration's `DIR`, whose topology_simulation blocks --sarif and --github point at (default: the current directory)", func(s string) error {
		c.configDir, c.configDirSet = s, true
		return nil
	})
}

// enabled reports whether any of these outputs was asked for.
func (c *codeScanningFlags) enabled() bool { return c.sarif != "" || c.github }

// check refuses a --config-dir that is not a directory: results located
// in a configuration that is not there would all fall back on line 1 of
// the input, hiding the mistake.
func (c *codeScanningFlags) check() error {
	if c.configDir == "" {
		c.configDir = "."
	}
	if !c.configDirSet {
		return nil
	}
	st, err := os.Stat(c.configDir)
	if err != nil {
		return fmt.Errorf("--config-dir %s: %w (give the directory of the Terraform configuration that was planned)", c.configDir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("--config-dir %s is a file, not a directory (give the directory of the Terraform configuration that was planned)", c.configDir)
	}
	return nil
}

// writeCodeScanning writes the SARIF log and the annotations of a check.
// What the locator could not find is said on stderr as a warning; such a
// result is located at line 1 of the plan or state file.
func writeCodeScanning(e *env, c codeScanningFlags, in inputFlags, results []result) error {
	if !c.enabled() {
		return nil
	}
	input := in.plan
	if input == "" {
		input = in.state
	}
	// A model read from standard input has no file to point at: its
	// results fall back on the configuration directory's main.tf, with a
	// warning.
	model := in.model
	if model == "-" {
		model = ""
	}
	loc := newLocator(c.configDir, input, model)
	fs := findings(results, loc)
	for _, w := range loc.warnings {
		fmt.Fprintf(e.stderr, "Warning: %s\n", w)
	}
	if c.sarif != "" {
		b, err := sarifLog(e.version, fs, loc.root)
		if err != nil {
			return fmt.Errorf("encoding SARIF: %w", err)
		}
		if err := writeFile(e, c.sarif, b); err != nil {
			return err
		}
	}
	if c.github {
		if err := writeAnnotations(e.stdout, fs); err != nil {
			return fmt.Errorf("writing annotations: %w", err)
		}
	}
	return nil
}
