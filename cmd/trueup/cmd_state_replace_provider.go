package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tfaddr "github.com/hashicorp/terraform-registry-address"

	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
)

// stateReplaceProvider is `state replace-provider FROM TO`: every resource
// of state whose provider's source address is FROM gets TO, keeping its
// configuration's module and alias, as Terraform does. It is how a state
// moves to a provider's new address: a provider published under another
// namespace or registry, or the legacy "-/NAME" addresses that Terraform
// 0.12 wrote (registry.terraform.io/-/aws to hashicorp/aws).
func (c *cli) stateReplaceProvider(ctx context.Context, b state.Backend, args []string, autoApprove bool) int {
	if len(args) != 2 {
		return c.errorf("Exactly two arguments expected: the provider to replace and its replacement, as in\n\n  trueup state replace-provider registry.terraform.io/-/aws hashicorp/aws")
	}
	from, fromErr := parseProviderFQN(args[0])
	to, toErr := parseProviderFQN(args[1])
	if fromErr != nil {
		c.errorDiag(true, fmt.Sprintf("Invalid \"from\" provider %q", args[0]), fromErr.Error())
	}
	if toErr != nil {
		c.errorDiag(true, fmt.Sprintf("Invalid \"to\" provider %q", args[1]), toErr.Error())
	}
	if fromErr != nil || toErr != nil {
		return 1
	}
	st, err := c.readRequired(ctx, b)
	if err != nil {
		return c.errorf("%v", err)
	}
	var matching []*state.Resource
	for _, r := range st.Resources {
		if src, err := parseProviderFQN(run.StateProviderSource(r.Provider)); err == nil && src == from {
			matching = append(matching, r)
		}
	}
	// Terraform lists them in the order of its maps; by address here.
	slices.SortFunc(matching, func(a, b *state.Resource) int { return strings.Compare(a.Addr.String(), b.Addr.String()) })
	if len(matching) == 0 {
		fmt.Fprintln(c.stdout, "No matching resources found.")
		return 0
	}
	fmt.Fprintf(c.stdout, "trueup will perform the following actions:\n\n  ~ Updating provider:\n    - %s\n    + %s\n\n", from, to)
	fmt.Fprintf(c.stdout, "Changing %d resources:\n\n", len(matching))
	for _, r := range matching {
		fmt.Fprintf(c.stdout, "  %s\n", r.Addr)
	}
	if !autoApprove {
		ok, err := c.confirm("Do you want to make these changes?", "-auto-approve")
		if err != nil {
			return c.errorf("%v", err)
		}
		if !ok {
			fmt.Fprintln(c.stdout, "Cancelled replacing providers.")
			return 0
		}
	}
	for _, r := range matching {
		r.Provider = run.WithStateProviderSource(r.Provider, to.String())
	}
	st.Serial++
	if err := b.Write(ctx, st); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	fmt.Fprintf(c.stdout, "\nSuccessfully replaced provider for %d resources.\n", len(matching))
	return 0
}

// parseProviderFQN parses a provider source address as Terraform's
// state replace-provider does: with the registry's parser (legacy "-"
// namespace included), and a name alone in the hashicorp namespace.
func parseProviderFQN(s string) (tfaddr.Provider, error) {
	p, err := tfaddr.ParseProviderSource(s)
	if err != nil {
		return tfaddr.Provider{}, err
	}
	if !p.HasKnownNamespace() {
		p.Namespace = "hashicorp"
	}
	return p, nil
}
