package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
	"io"
	"os"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/policy"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/version"
)

func cmdPolicy(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 || args[0] != "test" {
		return c.errorf("usage: trueup policy test [-json] [-fail-on-warn] [-namespace NS] DIR [PLAN ...]")
	}
	return cmdPolicyTest(ctx, c, args[1:])
}

// cmdPolicyTest checks saved plans against the Rego policies in DIR, as
// `conftest test -p DIR --all-namespaces plan.json` does: FAIL and WARN
// lines, a summary, exit 1 on failures (with -fail-on-warn: 1 on
// warnings, 2 on failures). A PLAN is a plan file saved by `plan -out` or
// the JSON of `show -json`. Without PLANs it runs the policies' own
// test_ rules, as `opa test` does.
func cmdPolicyTest(ctx context.Context, c *cli, args []string) int {
	var jsonOut, failOnWarn bool
	var namespaces stringList
	fs := c.newFlags("policy test")
	fs.BoolVar(&jsonOut, "json", false, "Machine-readable output")
	fs.BoolVar(&failOnWarn, "fail-on-warn", false, "Exit 1 on warnings and 2 on failures")
	fs.Var(&namespaces, "namespace", "Check only this Rego package (repeatable; default: every package)")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() < 1 {
		return c.errorf("policy test needs the directory of the policies")
	}
	set, err := policy.Load(fs.Arg(0))
	if err != nil {
		return c.errorf("Invalid policy:\n%v", err)
	}
	if fs.NArg() == 1 {
		return c.policyUnitTests(ctx, set, jsonOut)
	}
	// Saved plans encrypted by this stack's plan encryption are opened.
	sealer, err := c.planSealer(nil)
	if err != nil {
		return 1
	}
	var reports []policyReport
	for _, path := range fs.Args()[1:] {
		doc, err := policyInput(path, sealer)
		if err != nil {
			return c.errorf("%v", err)
		}
		res, err := set.CheckJSON(ctx, doc, namespaces...)
		if err != nil {
			return c.errorf("%s: %v", path, err)
		}
		reports = append(reports, policyReport{File: path, Result: res})
	}
	if jsonOut {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(reports)
	} else {
		printPolicyReports(c.stdout, reports)
	}
	return policyExitCode(reports, failOnWarn)
}

// policyReport is the check of one input file.
type policyReport struct {
	File string `json:"filename"`
	*policy.Result
}

// policyInput reads a saved plan as its `show -json` document, or a JSON
// file as it is.
func policyInput(path string, sealer state.Sealer) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if encryption.IsEncrypted(raw) {
		p, err := plans.Load(path, sealer)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := render.PlanJSON(&buf, p, version.Version); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if p, err := plans.ReadFile(path); err == nil {
		var buf bytes.Buffer
		if err := render.PlanJSON(&buf, p, version.Version); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("%s is neither a saved plan nor a JSON document", path)
	}
	return b, nil
}

func printPolicyReports(w io.Writer, reports []policyReport) {
	var tests, passed, warnings, failures int
	for _, r := range reports {
		for _, f := range r.Failures {
			fmt.Fprintf(w, "FAIL - %s - %s - %s\n", r.File, f.Namespace, f.Message)
		}
		for _, f := range r.Warnings {
			fmt.Fprintf(w, "WARN - %s - %s - %s\n", r.File, f.Namespace, f.Message)
		}
		tests += r.Tests()
		passed += r.Passed
		warnings += len(r.Warnings)
		failures += len(r.Failures)
	}
	fmt.Fprintf(w, "\n%d tests, %d passed, %d warnings, %d failures, 0 exceptions\n", tests, passed, warnings, failures)
}

func policyExitCode(reports []policyReport, failOnWarn bool) int {
	var warned, failed bool
	for _, r := range reports {
		warned = warned || len(r.Warnings) > 0
		failed = failed || r.Failed()
	}
	switch {
	case failed && failOnWarn:
		return 2
	case failed, warned && failOnWarn:
		return 1
	}
	return 0
}

func (c *cli) policyUnitTests(ctx context.Context, set *policy.Set, jsonOut bool) int {
	results, err := set.Test(ctx)
	if err != nil {
		return c.errorf("%v", err)
	}
	if len(results) == 0 {
		return c.errorf("no test_ rules in the policies, and no plan to check: give a PLAN")
	}
	passed := 0
	for _, r := range results {
		if r.Pass {
			passed++
		} else if !jsonOut {
			fmt.Fprintf(c.stdout, "%s: data.%s.%s: FAIL%s\n", r.Location, r.Package, r.Name, errSuffix(r.Error))
		}
	}
	if jsonOut {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(results)
	} else if passed == len(results) {
		fmt.Fprintf(c.stdout, "PASS: %d/%d\n", passed, len(results))
	} else {
		fmt.Fprintf(c.stdout, "FAIL: %d/%d\n", len(results)-passed, len(results))
	}
	if passed < len(results) {
		return 1
	}
	return 0
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return " (" + e + ")"
}
