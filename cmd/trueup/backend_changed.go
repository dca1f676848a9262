package main

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/run"
)

// A backend block edited after `trueup init` is not used until init has
// run again, as Terraform refuses it: the settings init saved (the
// configuration's, merged with -backend-config) would otherwise go on
// being used while the configuration names another place, or, once init
// ran without -migrate-state, a new empty state would be planned from,
// proposing to create every object again.

// errBackendInitRequired is what a command other than init reports when
// the configuration's backend block changed since init.
var errBackendInitRequired = &run.DiagnosticError{
	Summary: `Backend initialization required: please run "trueup init"`,
	Detail: `Reason: Backend configuration block has changed

Changes to backend configurations require reinitialization. This allows
trueup to set up the new configuration, copy existing state, etc. Please run
"trueup init" with either the "-reconfigure" or "-migrate-state" flags to use
the current configuration.

At this point, no changes to your existing configuration or state have been made.`,
}

// blockHash fingerprints the configuration's backend block as written: its
// type and settings, without -backend-config arguments or what init saved
// (Terraform keeps the same hash). It is "" without a backend block.
func blockHash(mod *config.Module) (string, error) {
	if mod == nil || mod.Backend == nil {
		return "", nil
	}
	block, err := resolveBackend(mod, nil, nil)
	if err != nil {
		return "", err
	}
	v := block.value()
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append([]byte(block.Type+"\n"), b...))
	return hex.EncodeToString(sum[:]), nil
}

// checkBackendBlock returns errBackendInitRequired when the configuration's
// backend block changed since init saved saved, unless the settings it
// resolves to with args are still saved's (a setting moved between the
// block and -backend-config, as Terraform allows).
func checkBackendBlock(mod *config.Module, saved *backendSetting, args []string) error {
	if saved == nil || saved.block == "" {
		return nil
	}
	h, err := blockHash(mod)
	if err != nil || h == saved.block {
		return err
	}
	given, err := resolveBackend(mod, nil, args)
	if err != nil {
		return err
	}
	if !given.same(saved) {
		return errBackendInitRequired
	}
	return nil
}

// value is the settings as one object.
func (bs *backendSetting) value() cty.Value {
	if len(bs.Values) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(bs.Values)
}

// same reports whether o is the same backend type with the same settings.
func (bs *backendSetting) same(o *backendSetting) bool {
	return bs.Type == o.Type && bs.value().RawEquals(o.value())
}
