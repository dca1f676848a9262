package promote

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/check"
	"github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/marker"
	"github.com/trueup/trueup/engine/forge"
)

// PullRequester opens or updates a pull request (forge.GitHub,
// forge.GitLab).
type PullRequester interface {
	UpsertPullRequest(ctx context.Context, repo string, pr forge.PullRequestSpec) (int, bool, error)
}

// Target is where one stage's promotion goes.
type Target struct {
	Stage *config.Stage
	Repo  Repo
	// Base is the branch the stage's stacks apply from; Paths their
	// directories in the repository.
	Base  string
	Paths []string
	// PRs opens the pull request in ForgeRepo ("owner/name"); needed in
	// pull-request mode.
	PRs       PullRequester
	ForgeRepo string
	// Pin, when set, is the build to promote (the one the previous stage
	// runs); otherwise the policy's newest is.
	Pin *artifacts.Candidate
}

// Outcome is what a promotion did.
type Outcome struct {
	Artifact, Stage string
	// Build is the build promoted; Changes the values rewritten.
	Build   artifacts.Candidate
	Changes []Change
	// Link points at the build's source.
	Link string
	// Commit and Branch are the commit pushed and where; Pushed is false
	// when the branch already held it.
	Commit, Branch string
	Pushed         bool
	// PR is the pull request opened or updated (0 in commit mode), and
	// Created says it is new.
	PR      int
	Created bool
	// Held is the build the stage rolled back, when that is why nothing
	// was promoted.
	Held string
}

// Change is one marked value rewritten.
type Change struct {
	Marker   marker.Marker
	Previous string // the tag (or version) the value named
	From, To string
}

// Promoter promotes builds of the configured artifacts.
type Promoter struct {
	Config *config.Config
	Open   check.Opener
	Ledger *Ledger
}

// BranchName is the promotion branch of an artifact and stage.
func BranchName(artifact, stage string) string { return "trueup/promote-" + artifact + "-" + stage }

// Promote rewrites the markers of a in the target's directories to the
// newest build (or t.Pin) and pushes the change. It returns nil and no
// error when every value is already up to date, and an Outcome with only
// Held set when the build was rolled back from the stage. A moved tag, an
// unreadable source or a value that does not fit the artifact's template
// stop it with an error, and nothing is pushed.
func (p *Promoter) Promote(ctx context.Context, a *config.Artifact, t Target) (*Outcome, error) {
	out := &Outcome{Artifact: a.Name, Stage: t.Stage.Name, Branch: t.Base}
	if t.Stage.Mode == config.ModePullRequest {
		out.Branch = BranchName(a.Name, t.Stage.Name)
	}
	edit := func(dir string) error { return p.rewrite(ctx, a, t, dir, out) }
	committed, err := t.Repo.Commit(ctx, GitChange{Base: t.Base, Branch: out.Branch, Edit: edit,
		Message: func() string { return commitMessage(out) }})
	if err != nil {
		return nil, err
	}
	if committed.Commit == "" {
		if out.Held != "" {
			return &Outcome{Artifact: a.Name, Stage: t.Stage.Name, Held: out.Held}, nil
		}
		return nil, nil
	}
	out.Commit, out.Pushed = committed.Commit, committed.Pushed
	if t.Stage.Mode == config.ModePullRequest {
		if t.PRs == nil {
			return out, fmt.Errorf("stage %s promotes by pull request, but its stacks have no forge", t.Stage.Name)
		}
		n, created, err := t.PRs.UpsertPullRequest(ctx, t.ForgeRepo, forge.PullRequestSpec{Head: out.Branch, Base: t.Base,
			Title: Title(out), Body: Description(out)})
		if err != nil {
			return out, err
		}
		out.PR, out.Created = n, created
	}
	return out, nil
}

// rewrite is the edit of a promotion: find the artifact's markers under
// the target's paths, check them, and rewrite those behind.
func (p *Promoter) rewrite(ctx context.Context, a *config.Artifact, t Target, dir string, out *Outcome) error {
	var markers []marker.Marker
	for _, sp := range t.Paths {
		ms, _, diags := marker.Find(filepath.Join(dir, filepath.FromSlash(sp)))
		if diags.HasErrors() {
			return fmt.Errorf("markers under %s: %s", sp, diags.Error())
		}
		for _, m := range ms {
			if m.Name == a.Name {
				m.File = path.Join(sp, m.File)
				markers = append(markers, m)
			}
		}
	}
	if len(markers) == 0 {
		return nil
	}
	for _, st := range check.Run(ctx, p.Config, markers, p.Open) {
		switch st.State {
		case check.Failed, check.TagMoved:
			return fmt.Errorf("%s:%d: %s: %s", st.Marker.File, st.Marker.Line(), st.State, st.Error)
		case check.NoMatch:
			continue
		}
		build := *st.Newest
		if t.Pin != nil {
			build = *t.Pin
		}
		if p.Ledger != nil {
			if err := p.Ledger.Record(a.Name, build.Tag, build.Digest); err != nil {
				return err
			}
		}
		if heldBack(dir, a.Name, t.Stage.Name, build.Tag) {
			out.Held = build.Tag // rolled back from this stage: wait for another build
			continue
		}
		to := a.Value.Format(build)
		out.Build = build
		out.Link = build.Link
		if a.Link != nil {
			out.Link = a.Link.Format(build)
		}
		if to == st.Marker.Value {
			continue
		}
		if err := marker.RewriteFile(dir, st.Marker, to); err != nil {
			return err
		}
		prev := st.Current.Tag
		if prev == "" {
			prev = st.Marker.Value
		}
		out.Changes = append(out.Changes, Change{Marker: st.Marker, Previous: prev, From: st.Marker.Value, To: to})
	}
	return nil
}

// Title is the pull request's title.
func Title(o *Outcome) string {
	return fmt.Sprintf("Promote %s %s to %s", o.Artifact, o.Build.Tag, o.Stage)
}

// Description is the pull request's body (Markdown).
func Description(o *Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- trueup:promotion %s %s -->\n", o.Artifact, o.Stage)
	fmt.Fprintf(&b, "trueup promotes **%s** to stage **%s**.\n\n", o.Artifact, o.Stage)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Artifact | `%s` |\n| Build | `%s` |\n| Digest | `%s` |\n", o.Artifact, o.Build.Tag, o.Build.Digest)
	fmt.Fprintf(&b, "| Previous | %s |\n", previous(o))
	if o.Link != "" {
		fmt.Fprintf(&b, "| Source | %s |\n", o.Link)
	}
	b.WriteString("\nValues rewritten:\n\n")
	for _, c := range o.Changes {
		fmt.Fprintf(&b, "- `%s:%d` (`%s`): `%s` → `%s`\n", c.Marker.File, c.Marker.Line(), c.Marker.Attribute, c.From, c.To)
	}
	b.WriteString("\nA newer build updates this pull request. Merging it applies the change to the stage.\n")
	return b.String()
}

func commitMessage(o *Outcome) string {
	var b strings.Builder
	b.WriteString(Title(o) + "\n\n")
	fmt.Fprintf(&b, "Build: %s\nDigest: %s\nPrevious: %s\n", o.Build.Tag, o.Build.Digest, strings.Trim(previous(o), "`"))
	if o.Link != "" {
		fmt.Fprintf(&b, "Source: %s\n", o.Link)
	}
	fmt.Fprintf(&b, "\nTrueup-Promotion: %s %s %s\n", o.Artifact, o.Stage, o.Build.Tag)
	return b.String()
}

func previous(o *Outcome) string {
	seen := map[string]bool{}
	var out []string
	for _, c := range o.Changes {
		if !seen[c.Previous] {
			seen[c.Previous] = true
			out = append(out, "`"+c.Previous+"`")
		}
	}
	return strings.Join(out, ", ")
}
