package run

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
	"github.com/zclconf/go-cty/cty"
)

// Encryption builds the state and plan encryption of the stack in dir:
// mod's terraform { encryption { ... } } block with TF_ENCRYPTION (from
// environ) merged over it, as OpenTofu merges them, its arguments
// evaluated with the root variables (dir's tfvars files, TF_VAR_
// variables in environ, then args) and the functions. It returns nil when
// neither is set. mod may be nil (no configuration).
//
// A root variable that has no value is left out rather than reported
// here: the block's reference to it is then the located error.
func Encryption(dir string, mod *config.Module, environ []string, args []vars.Arg) (*encryption.Encryption, hcl.Diagnostics) {
	var cfg *encryption.Config
	var diags hcl.Diagnostics
	if mod != nil && mod.Encryption != nil {
		c, d := encryption.Decode(mod.Encryption.Body, mod.Encryption.DeclRange)
		diags = append(diags, d...)
		cfg = c
	}
	if text := lookupEnv(environ, encryption.EnvVar); strings.TrimSpace(text) != "" {
		c, d := encryption.LoadEnv(encryption.EnvVar, text)
		diags = append(diags, d...)
		cfg = encryption.Merge(cfg, c)
	}
	if cfg == nil || diags.HasErrors() {
		return nil, diags
	}
	enc, d := encryption.New(cfg, encryptionEvalContext(dir, mod, environ, args))
	return enc, append(diags, d...)
}

// encryptionEvalContext holds var.* (the values that could be found) and
// the functions.
func encryptionEvalContext(dir string, mod *config.Module, environ []string, args []vars.Arg) *hcl.EvalContext {
	scope := &lang.Scope{BaseDir: dir}
	values := map[string]cty.Value{}
	if mod != nil {
		scope.BaseDir = mod.SourceDir
		if raw, diags := vars.Collect(dir, environ, args); !diags.HasErrors() {
			vals, _ := vars.Finalize(mod, raw, scope.Functions())
			for name, v := range vals {
				if v != cty.NilVal && v.IsKnown() {
					values[name] = v
				}
			}
		}
	}
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(values)},
		Functions: scope.Functions(),
	}
}

func lookupEnv(environ []string, name string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(environ[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// StateCodec is the codec backends store the stack's state with.
func StateCodec(enc *encryption.Encryption) state.Codec {
	if t := enc.State(); t != nil {
		return state.Codec{Sealer: t}
	}
	return state.Codec{}
}
