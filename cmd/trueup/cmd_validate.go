package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/run"
)

func cmdValidate(ctx context.Context, c *cli, args []string) int {
	var jsonOut, noColor bool
	var src srcFlags
	fs := c.newFlags("validate")
	acceptTestDirectory(fs)
	fs.Bool("no-tests", false, "Accepted as Terraform accepts it: trueup validates no `terraform test` files")
	src.register(fs)
	fs.BoolVar(&jsonOut, "json", false, "Machine-readable output")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	st, code := c.resolveStack(ctx, &src, noColor)
	if code != 0 {
		return code
	}
	defer st.cleanup()
	cfg, diags := run.LoadConfigModules(st.dir, st.modulesDir)
	if !diags.HasErrors() {
		diags = append(diags, run.CheckReferences(cfg)...)
		diags = append(diags, validateEncryption(cfg.Module)...)
	}
	if !diags.HasErrors() {
		reg, ok := c.stackProviders(st.dir, st.modulesDir)
		if !ok {
			return 1
		}
		diags = append(diags, run.Validate(ctx, cfg, reg)...)
	}
	var files map[string]*hcl.File
	if cfg != nil {
		files = cfg.Files()
	}
	if jsonOut {
		return c.validateJSON(diags)
	}
	c.printDiags(diags, files, noColor)
	if diags.HasErrors() {
		return 1
	}
	fmt.Fprintln(c.stdout, "Success! The configuration is valid.")
	return 0
}

// validateJSON prints diagnostics as Terraform's `validate -json` does.
func (c *cli) validateJSON(diags hcl.Diagnostics) int {
	type pos struct {
		Line   int `json:"line"`
		Column int `json:"column"`
		Byte   int `json:"byte"`
	}
	type rng struct {
		Filename string `json:"filename"`
		Start    pos    `json:"start"`
		End      pos    `json:"end"`
	}
	type diag struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Address  string `json:"address,omitempty"`
		Range    *rng   `json:"range,omitempty"`
	}
	out := struct {
		Valid        bool   `json:"valid"`
		ErrorCount   int    `json:"error_count"`
		WarningCount int    `json:"warning_count"`
		Diagnostics  []diag `json:"diagnostics"`
	}{Valid: !diags.HasErrors(), Diagnostics: []diag{}}
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
			out.WarningCount++
		} else {
			out.ErrorCount++
		}
		jd := diag{Severity: sev, Summary: d.Summary, Detail: d.Detail, Address: addrs.DiagnosticObject(d)}
		if d.Subject != nil {
			s := d.Subject
			jd.Range = &rng{Filename: s.Filename, Start: pos{s.Start.Line, s.Start.Column, s.Start.Byte}, End: pos{s.End.Line, s.End.Column, s.End.Byte}}
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
	if diags.HasErrors() {
		return 1
	}
	return 0
}
