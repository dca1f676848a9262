package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
	"github.com/trueup/trueup/schema"
)

func cmdPlan(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	var src srcFlags
	var out, genOut string
	var detailed, destroy bool
	fs := c.newFlags("plan")
	o.register(fs)
	src.register(fs)
	fs.StringVar(&out, "out", "", "Save the plan to this file, for `trueup apply FILE`")
	fs.BoolVar(&detailed, "detailed-exitcode", false, "Exit 0 when nothing changes, 2 when something does, 1 on error")
	fs.BoolVar(&destroy, "destroy", false, "Plan the destruction of everything in state")
	fs.StringVar(&genOut, "generate-config-out", "", "Write resource blocks for import targets without configuration to this new `FILE`")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	mode, ok := c.planMode(plans.NormalMode, destroy, o.refreshOnly)
	if !ok {
		return 1
	}
	st, req, env, code := c.stackRequest(ctx, &src, &o, mode, "plan")
	if code != 0 {
		return code
	}
	defer st.cleanup()
	// The plan's JSON quotes the configuration's expressions; the text
	// and a saved plan (which keeps the sources) do not.
	if !o.json {
		req.Drop |= run.DropConfig
	}
	// Only plan JSON and a saved plan show the relevant attributes.
	if !o.json && out == "" {
		req.Drop |= run.DropRelevantAttributes
	}
	if genOut != "" {
		// Relative to where the user runs trueup (after -chdir), also
		// when the stack comes from a git checkout.
		abs, err := filepath.Abs(genOut)
		if err != nil {
			return c.errorf("%v", err)
		}
		req.GenerateConfigOut = abs
	}
	res := run.Plan(ctx, env, req)
	if res.Diagnostics.HasErrors() {
		c.printRunDiags(res.Diagnostics, res.Files, &o)
		c.generatedNote(res, genOut, &o)
		return 1
	}
	c.showPlan(res.Plan, &o)
	// Warnings follow the plan they are about, as in Terraform.
	c.printRunDiags(res.Diagnostics, res.Files, &o)
	c.generatedNote(res, genOut, &o)
	if out != "" {
		sealer, err := c.planSealer(o.vars)
		if err != nil {
			return 1
		}
		if err := plans.Save(out, res.Plan, sealer); err != nil {
			return c.errorf("saving the plan: %v", err)
		}
		if !o.json {
			fmt.Fprintf(c.stdout, "\nSaved the plan to: %s\n\nTo perform exactly these actions, run the following command to apply:\n    trueup apply %q\n", out, out)
		}
	}
	if detailed && res.Plan.HasChanges() {
		return 2
	}
	return 0
}

// generatedNote tells where -generate-config-out wrote, also when the
// plan then failed: the file is kept so that the user can fix it.
func (c *cli) generatedNote(res *run.Result, given string, o *opFlags) {
	if res.GeneratedFile == "" || o.json {
		return
	}
	fmt.Fprintf(c.stdout, "\ntrueup has generated configuration and written it to %s. Please review the configuration and edit it as necessary before adding it to version control.\n", given)
}

// runEnv is the environment of an operation run from the command line:
// the providers reg (from stackProviders), and the backend the configuration selects with
// -state and -backend-config applied.
func (c *cli) runEnv(o *opFlags, reg schema.Registry) run.Env {
	o.providers = reg
	var codec state.Codec
	return run.Env{
		Providers: reg,
		OpenBackend: func(ctx context.Context, dir string, mod *config.Module) (state.Backend, error) {
			b, cd, err := c.backendCodecFor(ctx, mod, o.stateFile, o.backendConfig, o.vars)
			codec = cd
			return b, err
		},
		StateCodec: func() state.Codec { return codec },
		Log:        logger(),
	}
}

// runRequest turns the command-line options into a run request on the
// current directory.
func (c *cli) runRequest(o *opFlags, mode plans.Mode, operation string) run.Request {
	return run.Request{
		Dir: ".", Vars: o.vars, Environ: environ(), Mode: mode,
		Targets: o.targets, Excludes: o.excludes, Replace: o.replace, SkipRefresh: o.refresh == refreshNone, RefreshChanged: o.refresh == refreshChanged,
		Parallelism: o.parallelism, NoLock: !o.lock, LockTimeout: o.lockTimeout,
		Operation: operation, Hook: newUIHook(c, o.json, o.noColor),
		Workspace: workspaceOrDefault(), StateRead: tuneGCForState,
	}
}

// showPlan prints a plan for people, or as JSON with -json.
func (c *cli) showPlan(p *plans.Plan, o *opFlags) {
	if o.json {
		if err := render.PlanJSON(c.stdout, p, version.Version); err != nil {
			c.errorf("%v", err)
		}
		return
	}
	c.showPlanText(p, o)
}

// showPlanStream prints the plan before an apply: with -json, as one line,
// so that the apply's output is a stream of one JSON object a line.
func (c *cli) showPlanStream(p *plans.Plan, o *opFlags) {
	if !o.json {
		c.showPlanText(p, o)
		return
	}
	var buf bytes.Buffer
	if err := render.PlanJSON(&buf, p, version.Version); err != nil {
		c.errorf("%v", err)
		return
	}
	var line bytes.Buffer
	if err := json.Compact(&line, buf.Bytes()); err != nil {
		c.errorf("%v", err)
		return
	}
	line.WriteByte('\n')
	c.stdout.Write(line.Bytes())
}

func (c *cli) showPlanText(p *plans.Plan, o *opFlags) {
	fmt.Fprintln(c.stdout)
	schemas, done := run.Schemas(context.Background(), o.providers)
	defer done()
	render.Plan(c.stdout, p, c.colors(o.noColor), schemas)
	if o.refresh == refreshChanged && p.Mode == plans.NormalMode {
		fmt.Fprintf(c.stdout, "\nNote: -refresh=changed read %d of the %d objects in state: the ones this change touches and what depends on them. "+
			"Changes made outside trueup to the others are not looked for; a plan without it reads them all.\n", p.Refreshed, p.Stored)
	}
}
