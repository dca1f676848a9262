package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// cmdTaint is `trueup taint [options] ADDRESS`: mark an object in state as
// tainted, so that the next plan replaces it, as Terraform's taint does.
func cmdTaint(ctx context.Context, c *cli, args []string) int {
	return c.setTainted(ctx, "taint", args, true)
}

// cmdUntaint is `trueup untaint [options] ADDRESS`: clear the mark, so that
// the object is kept as it is (after a creation-time provisioner failed
// and was put right by hand, say).
func cmdUntaint(ctx context.Context, c *cli, args []string) int {
	return c.setTainted(ctx, "untaint", args, false)
}

// setTainted marks (taint) or clears (untaint) the tainted status of one
// managed resource instance under the state lock, with Terraform's
// messages, options and exit codes: -allow-missing turns a missing
// instance into a warning and exit 0.
func (c *cli) setTainted(ctx context.Context, name string, args []string, taint bool) int {
	var sf stateFlags
	var allowMissing bool
	fs := c.newFlags(name)
	acceptIgnoreRemoteVersion(fs)
	sf.register(fs)
	fs.BoolVar(&allowMissing, "allow-missing", false, "Succeed (exit 0) even if the resource instance is missing")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() != 1 {
		return c.errorf("The %s command expects exactly one argument: the address of a resource instance.", name)
	}
	ri, diags := addrs.ParseResourceInstance(fs.Arg(0))
	if diags.HasErrors() {
		return c.errorf("invalid address %q: %s", fs.Arg(0), diags.Error())
	}
	if ri.Resource.Mode != addrs.ManagedResourceMode {
		return c.errorf("Resource instance %s cannot be %sed", ri, name)
	}
	b, err := c.backendFor(ctx, c.loadConfigQuiet(), sf.stateFile, sf.backendConfig, nil)
	if err != nil {
		return c.errorf("%v", err)
	}
	unlock, err := c.lockState(ctx, b, name, sf.lock, sf.lockTimeout)
	if err != nil {
		return c.errorf("%v", err)
	}
	defer unlock()
	st, err := b.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	missing := func(detail string) int {
		if allowMissing {
			c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "No such resource instance",
				Detail: fmt.Sprintf("Resource instance %s was not found, but this is not an error because -allow-missing was set.", ri)}}, nil, false)
			return 0
		}
		c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No such resource instance", Detail: detail}}, nil, false)
		return 1
	}
	if !hasObjects(st) {
		return missing("The state currently contains no resource instances whatsoever. This may occur if the configuration has never been applied or if it has recently been destroyed.")
	}
	res := st.FindResource(ri.Resource)
	var inst *state.Instance
	if res != nil {
		inst = res.Instance(ri.Key, "")
	}
	if inst == nil {
		if deposedOf(res, ri.Key) {
			return missing(fmt.Sprintf("Resource instance %s is currently part-way through a create_before_destroy replacement action. Run \"trueup apply\" to complete its replacement before tainting it.", ri))
		}
		return missing(fmt.Sprintf("There is no resource instance in the state with the address %s. If the resource configuration has just been added, you must run \"trueup apply\" once to create the corresponding instance(s) before they can be tainted.", ri))
	}
	if !taint && inst.Status != state.Tainted {
		c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Resource instance is not tainted",
			Detail: fmt.Sprintf("Resource instance %s is not currently tainted, and so it cannot be untainted.", ri)}}, nil, false)
		return 1
	}
	// A new instance, not a change in place: the encoding cache and
	// snapshot copies take instances as never changed once stored.
	marked := *inst
	marked.Status = ""
	if taint {
		marked.Status = state.Tainted
	}
	st.SetInstance(res.Addr, res.Provider, &marked)
	st.Serial++
	if err := b.Write(ctx, st); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	if taint {
		fmt.Fprintf(c.stdout, "Resource instance %s has been marked as tainted.\n", ri)
	} else {
		fmt.Fprintf(c.stdout, "Resource instance %s has been successfully untainted.\n", ri)
	}
	return 0
}

// deposedOf reports whether res has a deposed object of key: an instance
// part-way through a create_before_destroy replacement.
func deposedOf(res *state.Resource, key addrs.InstanceKey) bool {
	if res == nil {
		return false
	}
	for _, inst := range res.Instances {
		if inst.Key == key && inst.Deposed != "" {
			return true
		}
	}
	return false
}
