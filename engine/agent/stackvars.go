package agent

import (
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/vars"
)

// StackVarArgs are the stack's var_files and vars as -var-file and -var
// arguments, relative to its checkout dir: what its runs plan with, and
// what its state encryption block is evaluated with.
func StackVarArgs(s *config.Stack, dir string) []vars.Arg { return varArgs(s, dir) }
