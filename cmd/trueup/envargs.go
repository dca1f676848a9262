package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/shlex"
)

// withEnvArgs adds the arguments of TF_CLI_ARGS and of TF_CLI_ARGS_NAME
// (NAME the subcommand, its spaces and dashes as underscores:
// TF_CLI_ARGS_plan, TF_CLI_ARGS_state_list) after the subcommand in args,
// as Terraform does: CI pipelines set them to give every run the same
// flags ("-no-color", "-parallelism=30"). They are split as a shell
// splits words, without expanding variables; NAME's come first, then the
// general ones, then the command line's.
func withEnvArgs(args []string, getenv func(string) string) ([]string, error) {
	n := subcommandWords(args)
	if n == 0 {
		return args, nil
	}
	name := strings.Join(args[:n], " ")
	for _, env := range []string{"TF_CLI_ARGS", "TF_CLI_ARGS_" + strings.NewReplacer(" ", "_", "-", "_").Replace(name)} {
		v := getenv(env)
		if v == "" {
			continue
		}
		extra, err := shlex.Split(v)
		if err != nil {
			return nil, fmt.Errorf("Error parsing extra CLI args from %s: %v", env, err)
		}
		args = slices.Concat(args[:n], extra, args[n:])
	}
	return args, nil
}

// subcommandWords is how many of args name the subcommand: "plan", or
// "state list" for the commands whose first argument is a subcommand
// of theirs.
func subcommandWords(args []string) int {
	switch {
	case len(args) == 0:
		return 0
	case len(args) > 1 && !strings.HasPrefix(args[1], "-") && slices.Contains([]string{"state", "workspace", "providers"}, args[0]):
		return 2
	}
	return 1
}
