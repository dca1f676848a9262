package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
)

func cmdState(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 {
		return c.errorf("usage: trueup state <list|show|rm|mv|replace-provider|pull|push|lock-info|journals> [options] [args]")
	}
	sub, args := args[0], args[1:]
	var sf stateFlags
	var force, dryRun, jsonOut, all, autoApprove bool
	var id string
	fs := c.newFlags("state " + sub)
	acceptIgnoreRemoteVersion(fs)
	sf.register(fs)
	fs.BoolVar(&force, "force", false, "push: write even a state with another lineage or a lower serial")
	fs.BoolVar(&dryRun, "dry-run", false, "rm/mv: show what would change without writing")
	if sub == "list" {
		fs.StringVar(&id, "id", "", "list: only the objects whose id attribute is this")
	}
	if sub == "replace-provider" {
		fs.BoolVar(&autoApprove, "auto-approve", false, "replace-provider: replace without asking")
	}
	if sub == "journals" {
		fs.BoolVar(&jsonOut, "json", false, "journals, journals show: machine-readable output")
		fs.BoolVar(&all, "all", false, "journals rm: remove every set-aside journal")
	}
	fs.Bool("no-color", false, "Accepted as Terraform accepts it: state output has no colour")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	b, err := c.backendFor(ctx, c.loadConfigQuiet(), sf.stateFile, sf.backendConfig, nil)
	if err != nil {
		return c.errorf("%v", err)
	}
	switch sub {
	case "list":
		return c.stateList(ctx, b, fs.Args(), id)
	case "show":
		return c.stateShow(ctx, b, fs.Args())
	case "pull":
		return c.statePull(ctx, b)
	case "lock-info":
		return c.stateLockInfo(ctx, b)
	case "journals":
		return c.stateJournals(ctx, b, fs.Args(), journalsOpts{sf: sf, jsonOut: jsonOut, all: all})
	case "rm", "mv", "push", "replace-provider":
		unlock, err := c.lockState(ctx, b, "state "+sub, sf.lock, sf.lockTimeout)
		if err != nil {
			return c.errorf("%v", err)
		}
		defer unlock()
		switch sub {
		case "rm":
			return c.stateRm(ctx, b, fs.Args(), dryRun)
		case "mv":
			return c.stateMv(ctx, b, fs.Args(), dryRun)
		case "replace-provider":
			return c.stateReplaceProvider(ctx, b, fs.Args(), autoApprove)
		default:
			return c.statePush(ctx, b, fs.Args(), force)
		}
	}
	return c.errorf("unknown state subcommand %q: use list, show, rm, mv, replace-provider, pull, push, lock-info or journals", sub)
}

// instances lists every object in st with its address.
func instances(st *state.State) []instanceRef {
	var out []instanceRef
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if inst.Deposed != "" {
				continue
			}
			ri := r.InstanceAddr(inst)
			out = append(out, instanceRef{addr: ri, res: r, inst: inst})
		}
	}
	return out
}

// hasObjects reports whether st holds any object that is not deposed,
// without listing them.
func hasObjects(st *state.State) bool {
	if st == nil {
		return false
	}
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if inst.Deposed == "" {
				return true
			}
		}
	}
	return false
}

type instanceRef struct {
	addr addrs.ResourceInstance
	res  *state.Resource
	inst *state.Instance
}

// matching returns the objects a list of address arguments selects.
func (c *cli) matching(st *state.State, args []string) ([]instanceRef, error) {
	all := instances(st)
	if len(args) == 0 {
		return all, nil
	}
	var out []instanceRef
	for _, a := range args {
		t, diags := addrs.ParseTarget(a)
		if diags.HasErrors() {
			return nil, fmt.Errorf("invalid address %q: %s", a, diags.Error())
		}
		found := false
		for _, ir := range all {
			if t.Contains(ir.addr) {
				out = append(out, ir)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no object in state matches %q", a)
		}
	}
	return out, nil
}

func (c *cli) readRequired(ctx context.Context, b state.Backend) (*state.State, error) {
	st, err := b.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading state from %s: %w", b, err)
	}
	if st == nil {
		return nil, fmt.Errorf("no state stored in %s", b)
	}
	return st, nil
}

// stateList lists the objects of state the addresses select (all without
// any), and with id only those whose "id" attribute is id, as Terraform's
// state list -id does.
func (c *cli) stateList(ctx context.Context, b state.Backend, args []string, id string) int {
	st, err := b.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	if st == nil {
		return 0
	}
	refs, err := c.matching(st, args)
	if err != nil {
		return c.errorf("%v", err)
	}
	for _, ir := range refs {
		if id == "" || hasID(ir.inst, id) {
			fmt.Fprintln(c.stdout, ir.addr.String())
		}
	}
	return 0
}

// hasID reports whether an object's "id" attribute is the string id.
func hasID(inst *state.Instance, id string) bool {
	var attrs struct {
		ID *string `json:"id"`
	}
	return json.Unmarshal(inst.Attributes, &attrs) == nil && attrs.ID != nil && *attrs.ID == id
}

func (c *cli) stateShow(ctx context.Context, b state.Backend, args []string) int {
	if len(args) != 1 {
		return c.errorf("state show takes exactly one address")
	}
	st, err := c.readRequired(ctx, b)
	if err != nil {
		return c.errorf("%v", err)
	}
	ri, diags := addrs.ParseResourceInstance(args[0])
	if diags.HasErrors() {
		return c.errorf("invalid address %q: %s", args[0], diags.Error())
	}
	for _, ir := range instances(st) {
		if ir.addr == ri {
			one := &state.State{Resources: []*state.Resource{{Addr: ir.res.Addr, Provider: ir.res.Provider, EachMode: ir.res.EachMode, Instances: []*state.Instance{ir.inst}}}}
			dec, done, ok := c.stateDecoder(ctx)
			if !ok {
				return 1
			}
			defer done()
			if err := render.StateHuman(c.stdout, one, dec); err != nil {
				return c.errorf("%v", err)
			}
			return 0
		}
	}
	return c.errorf("no object in state has address %s", ri)
}

func (c *cli) stateRm(ctx context.Context, b state.Backend, args []string, dryRun bool) int {
	if len(args) == 0 {
		return c.errorf("state rm takes one or more addresses")
	}
	st, err := c.readRequired(ctx, b)
	if err != nil {
		return c.errorf("%v", err)
	}
	refs, err := c.matching(st, args)
	if err != nil {
		return c.errorf("%v", err)
	}
	for _, ir := range refs {
		if dryRun {
			fmt.Fprintf(c.stdout, "Would remove %s\n", ir.addr)
			continue
		}
		st.RemoveInstance(ir.res.Addr, ir.inst.Key, "")
		fmt.Fprintf(c.stdout, "Removed %s\n", ir.addr)
	}
	if dryRun {
		return 0
	}
	st.Serial++
	if err := b.Write(ctx, st); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	fmt.Fprintf(c.stdout, "Successfully removed %d resource instance(s).\n", len(refs))
	return 0
}

func (c *cli) stateMv(ctx context.Context, b state.Backend, args []string, dryRun bool) int {
	if len(args) != 2 {
		return c.errorf("state mv takes a source and a destination address")
	}
	st, err := c.readRequired(ctx, b)
	if err != nil {
		return c.errorf("%v", err)
	}
	src, d1 := addrs.ParseTarget(args[0])
	dst, d2 := addrs.ParseTarget(args[1])
	if d1.HasErrors() || d2.HasErrors() {
		return c.errorf("invalid address: %s", strings.TrimSpace(d1.Error()+" "+d2.Error()))
	}
	moved, err := run.MoveState(st, src.Subject, dst.Subject)
	if err != nil {
		return c.errorf("%v", err)
	}
	for _, m := range moved {
		verb := "Move"
		if dryRun {
			verb = "Would move"
		}
		fmt.Fprintf(c.stdout, "%s %q to %q\n", verb, m.From.String(), m.To.String())
	}
	if dryRun {
		return 0
	}
	st.Serial++
	if err := b.Write(ctx, st); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	fmt.Fprintf(c.stdout, "Successfully moved %d object(s).\n", len(moved))
	return 0
}

func (c *cli) statePull(ctx context.Context, b state.Backend) int {
	st, err := b.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	if st == nil {
		return 0
	}
	out, err := state.Encode(st)
	if err != nil {
		return c.errorf("%v", err)
	}
	c.stdout.Write(out)
	return 0
}

func (c *cli) statePush(ctx context.Context, b state.Backend, args []string, force bool) int {
	if len(args) != 1 {
		return c.errorf("state push takes one argument: a state file, or - for standard input")
	}
	var incoming *state.State
	if args[0] == "-" {
		raw, err := io.ReadAll(c.stdin)
		if err != nil {
			return c.errorf("%v", err)
		}
		if incoming, err = c.decodeStateFile(raw); err != nil {
			return c.errorf("-: %v", err)
		}
	} else {
		var err error
		if incoming, err = c.readStateFile(args[0]); err != nil {
			return c.errorf("%v", err)
		}
	}
	current, err := b.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	if current != nil && !force {
		if current.Lineage != incoming.Lineage {
			return c.errorf("cannot push: the state has lineage %s, but %s stores lineage %s; use -force to overwrite it", incoming.Lineage, b, current.Lineage)
		}
		if incoming.Serial < current.Serial {
			return c.errorf("cannot push: the state has serial %d, lower than the stored serial %d; use -force to overwrite it", incoming.Serial, current.Serial)
		}
	}
	if current != nil && force {
		incoming.Lineage = current.Lineage
		if incoming.Serial <= current.Serial {
			incoming.Serial = current.Serial + 1
		}
	}
	if err := b.Write(ctx, incoming); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	return 0
}

// stateLockInfo shows who holds the state lock.
func (c *cli) stateLockInfo(ctx context.Context, b state.Backend) int {
	info, err := b.LockInfo(ctx)
	if err != nil {
		return c.errorf("reading the lock of %s: %v", b, err)
	}
	if info == nil {
		fmt.Fprintf(c.stdout, "%s is not locked.\n", b)
		return 0
	}
	fmt.Fprintf(c.stdout, "Lock ID:   %s\nHolder:    %s (pid %d)\nOperation: %s\nSince:     %s\nVersion:   %s\nPath:      %s\n",
		info.ID, info.Who, info.PID, info.Operation, info.Created.Format(time.RFC3339), info.Version, info.Path)
	if !info.Expires.IsZero() {
		fmt.Fprintf(c.stdout, "Expires:   %s\n", info.Expires.Format(time.RFC3339))
	}
	return 0
}
