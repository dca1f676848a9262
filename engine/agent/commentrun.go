package agent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

// accessTTL is how long a user's access to a repository is trusted
// before the forge is asked again.
const accessTTL = time.Minute

// replyMarker marks trueup's one reply comment on a pull request (help,
// refusals), edited in place; plans go to each stack's own comment.
const replyMarker = "<!-- trueup:reply -->"

// accessCache remembers users' access to repositories for accessTTL.
type accessCache struct {
	mu sync.Mutex
	m  map[string]accessEntry
}

type accessEntry struct {
	level forge.Access
	at    time.Time
}

// access returns user's access to repo on the forge, from the cache when
// it is fresh.
func (a *Agent) access(ctx context.Context, f Forge, forgeKind, repo, user string) (forge.Access, error) {
	key := forgeKind + "\x00" + repo + "\x00" + user
	a.accessCache.mu.Lock()
	e, ok := a.accessCache.m[key]
	a.accessCache.mu.Unlock()
	if ok && time.Since(e.at) < accessTTL {
		return e.level, nil
	}
	level, err := f.Access(ctx, repo, user)
	if err != nil {
		return forge.AccessNone, err
	}
	a.accessCache.mu.Lock()
	if a.accessCache.m == nil {
		a.accessCache.m = map[string]accessEntry{}
	}
	a.accessCache.m[key] = accessEntry{level: level, at: time.Now()}
	a.accessCache.mu.Unlock()
	return level, nil
}

// handleComment carries out a comment command: it acknowledges the comment
// with a reaction, checks that its author may write to the repository,
// and runs the command or replies why not. Comments that are not
// commands are ignored.
func (a *Agent) handleComment(forgeKind string, ev *forge.Event) {
	defer a.bg.Done()
	cmd, perr := parseCommentCommand(ev.CommentBody)
	if errors.Is(perr, errNotACommand) {
		return
	}
	f := a.forges[forgeKind]
	log := a.log.With("pr", ev.Number, "repo", ev.RepoFullName, "user", ev.Author)
	if f == nil {
		log.Warn("comment command on a forge without a client: ignored")
		return
	}
	ctx, cancel := context.WithTimeout(a.baseContext(), 5*time.Minute)
	defer cancel()
	c := &commentContext{a: a, kind: forgeKind, f: f, ev: ev, ctx: ctx, log: log}
	c.react(forge.ReactionSeen)
	level, err := a.access(ctx, f, forgeKind, ev.RepoFullName, ev.Author)
	switch {
	case err != nil:
		c.audit("denied", "could not check access")
		log.Warn("could not check the commenter's access: nothing run", "error", a.redact.text(err.Error()))
		c.refuse(fmt.Sprintf("@%s: trueup could not check your access to %s, so nothing was run. Try again later.", ev.Author, ev.RepoFullName))
		return
	case level < forge.AccessWrite:
		c.audit("denied", "no write access ("+level.String()+")")
		log.Warn("comment command from a user without write access: refused", "access", level.String())
		c.refuse(fmt.Sprintf("@%s: trueup commands need write access to %s; nothing was run.", ev.Author, ev.RepoFullName))
		return
	}
	if perr != nil {
		c.react(forge.ReactionConfused)
		c.reply(fmt.Sprintf("@%s: %v.\n\n%s", ev.Author, perr, commentHelp))
		return
	}
	log.Info("comment command", "command", cmd.name, "stack", cmd.stack)
	switch cmd.name {
	case cmdHelp:
		c.reply(commentHelp)
		c.react(forge.ReactionOK)
	case cmdPlan:
		a.commentPlanCommand(c, forgeKind, cmd)
	case cmdApply:
		c.audit("requested", "apply requirements and policies decide; the apply comment has the result")
		a.commentApplyCommand(c, forgeKind, cmd)
	case cmdUnlock:
		a.commentUnlockCommand(c)
	case cmdApprovePolicies:
		a.commentApprovePolicies(c, forgeKind, cmd)
	case cmdRollback:
		a.commentRollbackCommand(c, cmd.rollback)
	}
}

// commentContext is what answering one comment needs.
type commentContext struct {
	a *Agent
	// kind is the forge's kind (github, gitlab).
	kind string
	f    Forge
	ev   *forge.Event
	ctx  context.Context
	log  interface{ Warn(string, ...any) }
}

func (c *commentContext) react(reaction string) {
	if err := c.f.React(c.ctx, c.ev.RepoFullName, c.ev.Number, c.ev.CommentID, reaction); err != nil {
		c.log.Warn("could not react to the comment", "error", c.a.redact.text(err.Error()))
	}
}

func (c *commentContext) reply(text string) {
	body := replyMarker + "\n" + c.a.redact.text(text)
	if err := c.f.UpsertComment(c.ctx, c.ev.RepoFullName, c.ev.Number, replyMarker, body); err != nil {
		c.log.Warn("could not reply on the pull request", "error", c.a.redact.text(err.Error()))
	}
}

// principal is the comment's author as the audit trail names them.
func (c *commentContext) principal() *auth.Principal {
	return &auth.Principal{Kind: auth.KindForge, Name: c.kind + ":" + c.ev.Author}
}

// audit records the comment command with its author.
func (c *commentContext) audit(outcome, detail string) {
	first, _, _ := strings.Cut(strings.TrimSpace(c.ev.CommentBody), "\n")
	c.a.guard.Audit("", c.principal(), "comment", fmt.Sprintf("%s#%d: %s", c.ev.RepoFullName, c.ev.Number, first), outcome, detail, 0)
}

func stackList(stacks []*config.Stack) string {
	names := make([]string, 0, len(stacks))
	for _, s := range stacks {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

func (c *commentContext) refuse(text string) {
	c.react(forge.ReactionRefused)
	c.reply(text)
}

// commentPlanCommand plans the pull request's head for the stacks the
// command names: -p's stack whether the pull request touches it or not,
// else every stack of the repository and base branch it touches.
func (a *Agent) commentPlanCommand(c *commentContext, forgeKind string, cmd *commentCommand) {
	pr, err := c.f.PullRequest(c.ctx, c.ev.RepoFullName, c.ev.Number)
	if err != nil {
		c.log.Warn("could not read the pull request", "error", c.a.redact.text(err.Error()))
		c.refuse(fmt.Sprintf("@%s: trueup could not read pull request %d: nothing was run.", c.ev.Author, c.ev.Number))
		return
	}
	if !pr.Open {
		c.refuse(fmt.Sprintf("@%s: pull request %d is closed: nothing was run.", c.ev.Author, c.ev.Number))
		return
	}
	ev := *c.ev
	ev.Kind, ev.Action = forge.KindPullRequest, forge.ActionSynchronize
	ev.HeadSHA, ev.BaseSHA, ev.Branch, ev.Message = pr.HeadSHA, pr.BaseSHA, pr.BaseBranch, pr.Title
	ps := a.pullRequestStacks(c.ctx, &ev)
	a.reportPullRequestStacks(c.ctx, forgeKind, &ev, ps)
	stacks := ps.stacks
	if cmd.stack != "" {
		stacks = slices.DeleteFunc(slices.Clone(stacks), func(s *config.Stack) bool { return s.Name != cmd.stack })
		if len(stacks) == 0 {
			c.refuse(fmt.Sprintf("@%s: no stack %q plans this repository's %s branch at this pull request's head. Stacks here: %s.", c.ev.Author, cmd.stack, pr.BaseBranch, stackNames(ps.stacks, &ev)))
			return
		}
	}
	if len(stacks) == 0 {
		c.refuse(fmt.Sprintf("@%s: no stack of this agent plans this repository's %s branch.", c.ev.Author, pr.BaseBranch))
		return
	}
	opts := prPlanOptions{trigger: store.TriggerComment, vars: cmd.vars, always: cmd.stack != "", by: c.principal().String()}
	c.audit("ok", "stacks "+stackList(stacks))
	a.bg.Add(1)
	go a.planPullRequestWith(forgeKind, &ev, stacks, opts)
	c.react(forge.ReactionOK)
}

// stackNames lists the stacks of the event's repository and branch.
func stackNames(stacks []*config.Stack, ev *forge.Event) string {
	var names []string
	for _, s := range matchStacks(stacks, ev) {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
