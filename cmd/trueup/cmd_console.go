package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/chzyer/readline"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

// cmdConsole is `trueup console`, Terraform's: expressions evaluated in
// the root module against the state (or, with -plan, a plan), with
// variables from -var, -var-file and the usual files; a required
// variable without a value is unknown. From a pipe it evaluates each line
// and prints the last result, stopping at the first error (exit 1); on a
// terminal it is interactive, with line editing and history, and an
// entry that leaves a bracket open continues on the next line.
func cmdConsole(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	var src srcFlags
	var fromPlan bool
	fs := c.newFlags("console")
	o.registerInputs(fs)
	fs.BoolVar(&fromPlan, "plan", false, "Evaluate in the values a plan would make, instead of the state's (configures the providers and reads the objects)")
	src.register(fs)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() > 0 {
		return c.errorf("console takes no arguments: it reads expressions from standard input")
	}
	o.lock, o.parallelism = true, 10
	st, req, env, code := c.stackRequest(ctx, &src, &o, plans.NormalMode, "console")
	if code != 0 {
		return code
	}
	defer st.cleanup()
	console, res := run.OpenConsole(ctx, env, req, fromPlan)
	diags := res.Diagnostics
	if console == nil {
		c.printDiags(diags, res.Files, o.noColor)
		return 1
	}
	defer console.Close()
	if diags.HasErrors() {
		// As Terraform does: the problems, then a warning that stays last.
		c.printDiags(diags, res.Files, o.noColor)
		diags = hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "Due to the problems above, some expressions may produce unexpected results."}}
	}
	c.printDiags(diags, res.Files, o.noColor)
	session := newConsoleSession(console)
	if isTerminal(c.stdin) {
		return c.consoleInteractive(session, o.noColor)
	}
	return c.consolePiped(session, o.noColor)
}

// consolePiped evaluates each line of standard input and prints the last
// result; the first error ends it with exit code 1.
func (c *cli) consolePiped(s *consoleSession, noColor bool) int {
	last := ""
	lines := bufio.NewScanner(c.stdin)
	lines.Buffer(make([]byte, 64<<10), 16<<20)
	for lines.Scan() {
		out, exit, diags := s.handle(strings.TrimSpace(lines.Text()))
		if diags.HasErrors() {
			c.printDiags(diags, nil, noColor)
			return 1
		}
		if exit {
			return 0
		}
		last = out
	}
	if err := lines.Err(); err != nil {
		return c.errorf("reading standard input: %v", err)
	}
	fmt.Fprintln(c.stdout, last)
	return 0
}

// consoleInteractive reads entries with line editing and history until
// "exit", Control-D, or Control-C on an empty line; Control-C in the
// middle of an entry drops it.
func (c *cli) consoleInteractive(s *consoleSession, noColor bool) int {
	rl, err := readline.NewEx(&readline.Config{
		Prompt: "> ", InterruptPrompt: "^C", EOFPrompt: "exit", HistorySearchFold: true,
		Stdin: io.NopCloser(c.stdin), Stdout: c.stdout, Stderr: c.stderr,
	})
	if err != nil {
		return c.errorf("starting the console: %v", err)
	}
	defer rl.Close()
	var lines []string
	for {
		prompt := "> "
		if len(lines) > 0 {
			prompt = ": " // the entry goes on
		}
		rl.SetPrompt(prompt)
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			if len(lines) == 0 && line == "" {
				return 0
			}
			if line == "" {
				lines = lines[:0]
				fmt.Fprintln(c.stdout, "(multi-line entry canceled)")
			}
			continue
		case err != nil: // io.EOF: Control-D
			return 0
		}
		if lines = append(lines, line); entryContinues(lines) {
			continue
		}
		out, exit, diags := s.handle(strings.Join(lines, "\n") + "\n")
		lines = lines[:0]
		if diags.HasErrors() {
			c.printDiags(diags, nil, noColor)
		}
		if exit {
			return 0
		}
		fmt.Fprintln(c.stdout, out)
	}
}
