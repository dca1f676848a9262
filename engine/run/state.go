package run

import (
	"github.com/hashicorp/hcl/v2/hcldec"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/lang/funcs"
	"github.com/trueup/trueup/engine/refactor"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

// ErroredStateFile is the file an apply writes its state to when the
// backend refuses the write, as Terraform's errored.tfstate.
const ErroredStateFile = apply.ErroredStateFile

// Moved is one object that MoveState moved.
type Moved = refactor.Moved

// MoveState moves the objects at from (a resource, one instance or a
// module instance) to to in st, as `state mv` does, each keeping its
// provider and settings; it refuses, changing nothing, when an object
// already exists at a destination. It returns what moved.
func MoveState(st *state.State, from, to addrs.Targetable) ([]Moved, error) {
	return refactor.Move(st, from, to)
}

// DecoderSpec returns the hcldec specification that decodes a body
// written for b (a backend's settings, say) into a value of
// b.ImpliedType(), as the engine decodes resource bodies.
func DecoderSpec(b *schema.Block) hcldec.Spec { return lang.DecoderSpec(b) }

// SetMaxFileBytes sets the largest file the file functions (file,
// templatefile, the file hashes) read; a bigger one is refused. The
// default is 512 MiB.
func SetMaxFileBytes(n int64) { funcs.MaxFileBytes = n }

// StateProviderSource returns the source address of a provider address
// as state records it ("registry.terraform.io/hashicorp/aws" for
// module.a.provider["hashicorp/aws"].west), "" when it names none.
func StateProviderSource(provider string) string { return eval.ProviderSourceFromState(provider) }

// WithStateProviderSource returns the provider address as state records
// it with its source address replaced by src, its module and alias kept.
func WithStateProviderSource(provider, src string) string {
	return eval.WithStateProviderSource(provider, src)
}
