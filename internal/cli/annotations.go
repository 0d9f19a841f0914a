package cli

import (
	"fmt"
	"io"
	"strings"
)

// escapeData escapes an annotation's message as GitHub's workflow commands
// read it: % first, so that the escapes themselves survive, then the line
// breaks that would end the command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value (file, title): also : and , which
// separate a command's properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeAnnotations writes one GitHub Actions workflow command per failed
// (::error) or marginal (::warning) clause, with the file and line that
// declare it, so that the pull request's diff shows it there. The file is
// relative to the repository root (GITHUB_WORKSPACE in a workflow).
func writeAnnotations(w io.Writer, fs []sarifFinding) error {
	for _, f := range fs {
		cmd := "error"
		if !f.failed() {
			cmd = "warning"
		}
		r := f.place.At
		props := fmt.Sprintf("file=%s,line=%d,col=%d,endLine=%d,title=%s",
			escapeProperty(r.File), r.StartLine, r.StartColumn, r.EndLine, escapeProperty(f.title()))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, escapeData(f.text())); err != nil {
			return err
		}
	}
	return nil
}
