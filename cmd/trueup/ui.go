package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/render"
)

// colors returns the palette for stdout: colour only on a terminal and
// without -no-color.
func (c *cli) colors(noColor bool) render.Colors {
	if noColor || !isTerminal(c.stdout) {
		return render.NoColor
	}
	return render.ANSI
}

// printDiags writes diagnostics with their file:line:column and source
// lines, as HCL prints them, those that repeat one cause grouped as
// Terraform groups them (render.Consolidate), wrapped at 78 columns as
// Terraform wraps them where it cannot ask the terminal. A diagnostic
// about an object (addrs.DiagnosticObject) names it in Terraform's
// "with ADDR," line above its source.
func (c *cli) printDiags(diags hcl.Diagnostics, files map[string]*hcl.File, noColor bool) {
	if len(diags) == 0 {
		return
	}
	diags = render.Consolidate(diags)
	color := !noColor && isTerminal(c.stderr)
	var buf bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&buf, contextsAsTerraform(files), 78, color)
	for _, d := range diags {
		buf.Reset()
		_ = w.WriteDiagnostic(d)
		text := buf.Bytes()
		if obj := addrs.DiagnosticObject(d); obj != "" {
			if i := bytes.Index(text, []byte("\n\n")); i >= 0 {
				text = slices.Concat(text[:i+2], []byte("  with "+obj+",\n"), text[i+2:])
			}
		}
		fmt.Fprintln(c.stderr)
		_, _ = c.stderr.Write(text)
	}
}

// contextsAsTerraform is files with each one's navigation asked for the
// block around the byte before a diagnostic's subject, as Terraform asks
// (views/json/diagnostic.go), where HCL's writer asks about the subject's
// first byte: an error about a whole block (a duplicate, an override
// without a base) is "on main.tf line 4:", not "in" the block it names.
func contextsAsTerraform(files map[string]*hcl.File) map[string]*hcl.File {
	out := make(map[string]*hcl.File, len(files))
	for name, f := range files {
		if nav, ok := f.Nav.(contextStringer); ok {
			shifted := *f
			shifted.Nav = byteBefore{nav}
			f = &shifted
		}
		out[name] = f
	}
	return out
}

type contextStringer interface{ ContextString(offset int) string }

// byteBefore answers ContextString about the byte before offset.
type byteBefore struct{ nav contextStringer }

func (b byteBefore) ContextString(offset int) string { return b.nav.ContextString(offset - 1) }

// printRunDiags prints an operation's diagnostics as printDiags does;
// with -compact-warnings, diagnostics that are all warnings are listed by
// summary, as Terraform lists them (errors keep every warning whole: a
// warning may explain the error).
func (c *cli) printRunDiags(diags hcl.Diagnostics, files map[string]*hcl.File, o *opFlags) {
	if !o.compactWarnings || len(diags) == 0 || diags.HasErrors() {
		c.printDiags(diags, files, o.noColor)
		return
	}
	col := render.NoColor
	if !o.noColor && isTerminal(c.stderr) {
		col = render.ANSI
	}
	fmt.Fprintf(c.stderr, "\n%sWarnings:%s\n\n%s\nTo see the full warning notes, run trueup without -compact-warnings.\n",
		col.Bold+col.Yellow, col.Reset, compactWarnings(diags))
}

// compactWarnings lists warnings a line each, "- SUMMARY", those with a
// location followed by "  on FILE line N", located ones grouped by
// summary as Terraform groups them: "(and N more)".
func compactWarnings(diags hcl.Diagnostics) string {
	type group struct {
		d    *hcl.Diagnostic
		more int
	}
	var groups []*group
	located := map[string]*group{}
	for _, d := range diags {
		if g := located[d.Summary]; g != nil && d.Subject != nil {
			g.more++
			continue
		}
		g := &group{d: d}
		if d.Subject != nil {
			located[d.Summary] = g
		}
		groups = append(groups, g)
	}
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "- %s\n", g.d.Summary)
		if s := g.d.Subject; s != nil {
			fmt.Fprintf(&b, "  on %s line %d", s.Filename, s.Start.Line)
			if g.more > 0 {
				fmt.Fprintf(&b, " (and %d more)", g.more)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// errorDiag prints one error diagnostic without a source, in Terraform's
// words where it has them, and returns the exit code for it.
func (c *cli) errorDiag(noColor bool, summary, detail string) int {
	c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail}}, nil, noColor)
	return 1
}

// errorf prints an error the way diagnostics look.
func (c *cli) errorf(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "\nError: %s\n", fmt.Sprintf(format, args...))
	return 1
}

// confirm asks a yes/no question on the terminal. Without a terminal it
// refuses: automation must say -auto-approve.
func (c *cli) confirm(question, hint string) (bool, error) {
	if !isTerminal(c.stdin) {
		return false, fmt.Errorf("%s requires confirmation, and there is no terminal to ask on: run with %s", question, hint)
	}
	fmt.Fprintf(c.stdout, "\n%s\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ", question)
	flushStdout(c.stdout)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return false, err
	}
	return strings.TrimSpace(line) == "yes", nil
}
