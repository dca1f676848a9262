package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/trueup/trueup/engine/drift"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

// cmdDrift reports what changed outside trueup: a refresh-only comparison
// of the live objects with what state recorded, per resource and attribute,
// minus what -ignore rules match. It changes nothing.
func cmdDrift(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	var src srcFlags
	var detailed bool
	var ignore stringList
	fs := c.newFlags("drift")
	o.register(fs)
	src.register(fs)
	fs.BoolVar(&detailed, "detailed-exitcode", false, "Exit 0 when nothing drifted, 2 when something did, 1 on error")
	fs.Var(&ignore, "ignore", `Ignore drift of a resource or attribute: -ignore='aws_s3_bucket.logs.tags["LastScanned"]' (repeatable)`)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	var rules []drift.Rule
	for _, s := range ignore {
		r, err := drift.ParseRule(s)
		if err != nil {
			return c.errorf("%v", err)
		}
		rules = append(rules, r)
	}
	st, req, env, code := c.stackRequest(ctx, &src, &o, plans.RefreshOnlyMode, "drift")
	if code != 0 {
		return code
	}
	defer st.cleanup()
	res := run.Plan(ctx, env, req)
	c.printRunDiags(res.Diagnostics, res.Files, &o)
	if res.Diagnostics.HasErrors() {
		return 1
	}
	report := drift.Report(res.Plan, rules)
	if o.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Drifted bool   `json:"drifted"`
			Commit  string `json:"commit,omitempty"`
			*drift.Result
		}{report.Drifted(), st.commit, report}); err != nil {
			return c.errorf("%v", err)
		}
	} else {
		fmt.Fprint(c.stdout, report.Text())
	}
	if detailed && report.Drifted() {
		return 2
	}
	return 0
}
