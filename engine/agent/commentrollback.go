package agent

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/trueup/trueup/engine/agent/store"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/promote"
	"github.com/trueup/trueup/engine/forge"
)

// cmdRollback is `trueup rollback STAGE [-a ARTIFACT]`: what `trueup
// artifacts rollback STAGE` does, asked for on a pull request of the
// configuration repository. The verb is the CLI's, as Atlantis users
// expect the comment to spell the command line.
const cmdRollback = "rollback"

// rollbackArgs are a rollback command's stage and artifact ("" for the
// stage's latest promotion of any artifact).
type rollbackArgs struct {
	stage, artifact string
}

// parseRollback reads the words after `trueup rollback`.
func parseRollback(args []string) (*commentCommand, error) {
	c := &commentCommand{name: cmdRollback, rollback: &rollbackArgs{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-a" || a == "--artifact" || a == "-artifact":
			if i+1 >= len(args) {
				return nil, &commandError{msg: a + " needs an artifact name"}
			}
			i++
			c.rollback.artifact = args[i]
		case strings.HasPrefix(a, "-artifact=") || strings.HasPrefix(a, "--artifact="):
			_, c.rollback.artifact, _ = strings.Cut(a, "=")
		case strings.HasPrefix(a, "-"):
			return nil, &commandError{msg: fmt.Sprintf("rollback does not take %q", a)}
		case c.rollback.stage != "":
			return nil, &commandError{msg: fmt.Sprintf("rollback takes one stage, not %q and %q", c.rollback.stage, a)}
		default:
			c.rollback.stage = a
		}
	}
	if c.rollback.stage == "" {
		return nil, &commandError{msg: "rollback needs a stage: `trueup rollback STAGE`"}
	}
	return c, nil
}

// commentRollbackCommand reverts the stage's latest promotion on the
// branch its stacks apply from, when the stage's stacks live in the
// repository commented on; then it queues their runs of the revert, as
// asked by the commenter. A promotion pass and a rollback never push at
// once.
func (a *Agent) commentRollbackCommand(c *commentContext, args *rollbackArgs) {
	stage, problem := a.rollbackStage(c, args)
	if problem != "" {
		c.audit("refused", problem)
		c.refuse(fmt.Sprintf("@%s: %s; nothing was rolled back.", c.ev.Author, problem))
		return
	}
	t, err := a.target(stage)
	if err != nil {
		c.audit("failed", err.Error())
		c.refuse(fmt.Sprintf("@%s: %s; nothing was rolled back.", c.ev.Author, a.redact.text(err.Error())))
		return
	}
	a.arts.run.Lock()
	rb, err := t.Repo.Rollback(c.ctx, t.Base, stage.Name, args.artifact)
	a.arts.run.Unlock()
	if err != nil {
		msg := a.redact.text(err.Error())
		outcome := "failed"
		if errors.Is(err, promote.ErrNothingToRollBack) {
			outcome = "refused"
		}
		c.audit(outcome, msg)
		c.log.Warn("rollback failed", "stage", stage.Name, "error", msg)
		c.refuse(fmt.Sprintf("@%s: stage %s was not rolled back: %s.", c.ev.Author, stage.Name, msg))
		return
	}
	c.audit("ok", fmt.Sprintf("rolled back %s %s in %s: %s reverts %s on %s", rb.Artifact, rb.Build, rb.Stage, shortSHA(rb.Commit), shortSHA(rb.Reverted), t.Base))
	queued := a.queueRollbackRuns(c, stage, rb)
	c.react(forge.ReactionOK)
	c.reply(rollbackReply(c.ev.Author, t.Base, rb, queued))
}

// rollbackStage checks the command against the configuration and returns
// the stage, or why it cannot be rolled back from this pull request.
func (a *Agent) rollbackStage(c *commentContext, args *rollbackArgs) (*artconfig.Stage, string) {
	if a.arts == nil {
		return nil, "this agent promotes no artifacts (no artifact and stage blocks)"
	}
	stage := a.conf().Artifacts.Stage(args.stage)
	if stage == nil {
		var names []string
		for _, s := range a.conf().Artifacts.Stages {
			names = append(names, s.Name)
		}
		sort.Strings(names)
		return nil, fmt.Sprintf("no stage %q (stages: %s)", args.stage, strings.Join(names, ", "))
	}
	if args.artifact != "" && a.conf().Artifacts.Artifact(args.artifact) == nil {
		return nil, fmt.Sprintf("no artifact %q", args.artifact)
	}
	s := a.conf().Stack(stage.Stacks[0])
	if s.Forge != c.kind || s.ForgeRepo != c.ev.RepoFullName {
		return nil, fmt.Sprintf("stage %s is promoted in the repository of stack %s, not in %s", stage.Name, s.Name, c.ev.RepoFullName)
	}
	return stage, ""
}

// queueRollbackRuns queues each stack of the stage at the revert, as the
// commenter asked, and returns the runs queued ("`stack` (run N)").
func (a *Agent) queueRollbackRuns(c *commentContext, stage *artconfig.Stage, rb *promote.RolledBack) []string {
	var queued []string
	for _, n := range stage.Stacks {
		s := a.conf().Stack(n)
		a.mu.Lock()
		a.enqueued[s.Name] = rb.Commit
		a.mu.Unlock()
		t := &task{stack: s, kind: pushKind(s), trigger: store.TriggerComment, commit: rb.Commit, by: c.principal().String(),
			message: fmt.Sprintf("Roll back %s %s in %s", rb.Artifact, rb.Build, rb.Stage)}
		id, _, err := a.enqueue(t)
		if err != nil {
			c.log.Warn("could not queue the run of a rollback", "stack", s.Name, "error", err)
			continue
		}
		queued = append(queued, fmt.Sprintf("`%s` (run [%d](%s))", s.Name, id, a.runURL(id)))
	}
	return queued
}

func rollbackReply(author, branch string, rb *promote.RolledBack, queued []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@%s rolled back **%s** `%s` in stage **%s**: commit `%s` reverts `%s` on `%s`.\n\n",
		author, rb.Artifact, rb.Build, rb.Stage, shortSHA(rb.Commit), shortSHA(rb.Reverted), branch)
	keys := make([]string, 0, len(rb.Values))
	for k := range rb.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "- `%s`: `%s`\n", k, rb.Values[k])
	}
	if len(queued) > 0 {
		fmt.Fprintf(&b, "\nQueued %s.", strings.Join(queued, ", "))
	}
	fmt.Fprintf(&b, " `%s` is not promoted to %s again; a newer build is.\n", rb.Build, rb.Stage)
	return b.String()
}
