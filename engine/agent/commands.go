package agent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/shlex"
)

// Comment commands, as Atlantis users write them with its name:
// `trueup plan [-p STACK] [-- -var=NAME=VALUE ...]`, `trueup apply [-p
// STACK]`, `trueup unlock`, `trueup help`, and `trueup rollback STAGE`
// (commentrollback.go).
const (
	cmdPlan   = "plan"
	cmdApply  = "apply"
	cmdUnlock = "unlock"
	cmdHelp   = "help"
)

// commentCommand is a parsed comment command.
type commentCommand struct {
	name string
	// stack is -p's stack, "" for every stack the pull request touches.
	stack string
	// vars are extra -var values ("NAME=VALUE") given after "--".
	vars []string
	// rollback is `trueup rollback`'s stage and artifact.
	rollback *rollbackArgs
}

// errNotACommand means the comment is not addressed to trueup.
var errNotACommand = errors.New("not a trueup command")

// commentHelp is the reply to `trueup help` and to a command that does not
// parse.
const commentHelp = "trueup comment commands (for users with write access):\n\n" +
	"- `trueup plan` plans every stack this pull request touches; `trueup plan -p STACK` plans one stack, " +
	"touched or not; `trueup plan -p STACK -- -var=NAME=VALUE` adds variables to that plan.\n" +
	"- `trueup apply [-p STACK]` applies from the pull request, where the stack allows it.\n" +
	"- `trueup unlock` releases the stack locks this pull request holds.\n" +
	"- `trueup rollback STAGE [-a ARTIFACT]` reverts the stage's latest artifact promotion on its branch.\n" +
	"- `trueup help` shows this."

// parseCommentCommand reads the first line of a comment. A comment whose
// first word is not "trueup" is not a command (errNotACommand); one that
// is but does not parse is a *commandError, to be answered with help.
func parseCommentCommand(body string) (*commentCommand, error) {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	words, err := shlex.Split(line)
	if len(words) == 0 || words[0] != "trueup" {
		return nil, errNotACommand
	}
	if err != nil {
		return nil, &commandError{msg: fmt.Sprintf("the command does not parse: %v", err)}
	}
	if len(words) == 1 {
		return nil, &commandError{msg: "no command given"}
	}
	c := &commentCommand{name: words[1]}
	if c.name == cmdRollback {
		return parseRollback(words[2:])
	}
	switch c.name {
	case cmdPlan, cmdApply, cmdUnlock, cmdHelp:
	default:
		return nil, &commandError{msg: fmt.Sprintf("unknown command %q", c.name)}
	}
	return c, c.parseArgs(words[2:])
}

func (c *commentCommand) parseArgs(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "-p" || a == "--project") && c.name != cmdUnlock && c.name != cmdHelp:
			if i+1 >= len(args) {
				return &commandError{msg: "-p needs a stack name"}
			}
			i++
			c.stack = args[i]
		case a == "--" && c.name == cmdPlan:
			return c.parseVars(args[i+1:])
		default:
			return &commandError{msg: fmt.Sprintf("%s does not take %q", c.name, a)}
		}
	}
	return nil
}

// parseVars reads the arguments after "--": only -var, so that a comment
// cannot point a plan at other files or state.
func (c *commentCommand) parseVars(args []string) error {
	for i := 0; i < len(args); i++ {
		a := strings.TrimPrefix(args[i], "-")
		switch {
		case strings.HasPrefix(a, "var="):
			c.vars = append(c.vars, strings.TrimPrefix(a, "var="))
		case a == "var" && i+1 < len(args):
			i++
			c.vars = append(c.vars, args[i])
		default:
			return &commandError{msg: fmt.Sprintf("only -var=NAME=VALUE may follow \"--\", not %q", args[i])}
		}
		if v := c.vars[len(c.vars)-1]; !strings.Contains(v, "=") {
			return &commandError{msg: fmt.Sprintf("-var %q is not NAME=VALUE", v)}
		}
	}
	return nil
}

// commandError is a comment command that does not parse.
type commandError struct{ msg string }

func (e *commandError) Error() string { return e.msg }
