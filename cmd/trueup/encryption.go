package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
)

// errEncryptionConfig is returned after the encryption configuration's
// diagnostics were printed.
var errEncryptionConfig = errors.New("the encryption configuration is invalid (see above)")

// encryptionFor builds the stack's state and plan encryption from mod (nil:
// none) and TF_ENCRYPTION, with the root variables of the current
// directory and varArgs. Errors are printed as located diagnostics.
func (c *cli) encryptionFor(mod *config.Module, varArgs []vars.Arg) (*encryption.Encryption, error) {
	enc, diags := run.Encryption(".", mod, environ(), varArgs)
	if diags.HasErrors() {
		var files map[string]*hcl.File
		if mod != nil {
			files = mod.Files
		}
		var errs hcl.Diagnostics
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				errs = append(errs, d)
			}
		}
		c.printDiags(errs, files, false)
		return nil, errEncryptionConfig
	}
	return enc, nil
}

// stateCodec is the codec the stack's backends store state with.
func (c *cli) stateCodec(mod *config.Module, varArgs []vars.Arg) (state.Codec, error) {
	enc, err := c.encryptionFor(mod, varArgs)
	if err != nil {
		return state.Codec{}, err
	}
	return run.StateCodec(enc), nil
}

// planSealer is what saved plans are sealed with: the plan target of
// the encryption configured in the current directory (nil: plain).
func (c *cli) planSealer(varArgs []vars.Arg) (state.Sealer, error) {
	enc, err := c.encryptionFor(c.loadConfigQuiet(), varArgs)
	if err != nil {
		return nil, err
	}
	if t := enc.Plan(); t != nil {
		return t, nil
	}
	return nil, nil
}

// decodeStateFile decodes a state file given on the command line (state
// push, workspace new -state): plain, or encrypted with the stack's state
// encryption, as `state pull` and OpenTofu write them.
func (c *cli) decodeStateFile(raw []byte) (*state.State, error) {
	if !encryption.IsEncrypted(raw) {
		return state.Decode(raw)
	}
	codec, err := c.stateCodec(c.loadConfigQuiet(), nil)
	if err != nil {
		return nil, err
	}
	return codec.Decode(raw)
}

// readStateFile reads and decodes the state file at path, as `state push
// FILE` and `workspace new -state=FILE` take it. A file with a state
// journal beside it (docs/state.md, "The journal") lacks the records of
// an apply that did not finish, which only the journal holds: it is
// refused rather than copied without them.
func (c *cli) readStateFile(path string) (*state.State, error) {
	journal := path + ".journal"
	if _, err := os.Stat(journal); err == nil {
		return nil, fmt.Errorf("%s lacks records that only its state journal %s holds (an apply that did not finish); "+
			"run `trueup state pull > merged.tfstate` in the stack whose state it is, which replays the journal, and use merged.tfstate", path, journal)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	in, err := c.decodeStateFile(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

// validateEncryption checks the stack's encryption block for `trueup
// validate`, without variable values or keys.
func validateEncryption(mod *config.Module) hcl.Diagnostics {
	if mod == nil || mod.Encryption == nil {
		return nil
	}
	cfg, diags := encryption.Decode(mod.Encryption.Body, mod.Encryption.DeclRange)
	if diags.HasErrors() {
		return diags
	}
	return append(diags, encryption.Validate(cfg)...)
}
