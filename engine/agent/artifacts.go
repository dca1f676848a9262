package agent

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/web"
	"github.com/trueup/trueup/engine/artifacts"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/promote"
	"github.com/trueup/trueup/engine/artifacts/release"
	"github.com/trueup/trueup/engine/artifacts/sources"
)

// triggerPromotion marks the runs an artifact promotion queued.
const triggerPromotion = "promotion"

// artifactsState is the agent's artifact promotion: the promoter and the
// last outcome of each artifact in each stage.
type artifactsState struct {
	promoter *promote.Promoter
	// run serialises promotion passes.
	run sync.Mutex
	mu  sync.Mutex
	// positions maps artifact → stage → last outcome.
	positions map[string]map[string]*Position
	// checkNow asks the poll loop for a pass now (a registry webhook);
	// requests made while one waits coalesce into it.
	checkNow chan struct{}
}

// Position is where an artifact stands in one stage (the dashboard's
// vocabulary: see web.Position).
type Position = web.Position

// newArtifactsState prepares promotion when the configuration has
// artifacts and stages.
func newArtifactsState(cfg *config.Config, forges map[string]Forge) (*artifactsState, error) {
	ac := cfg.Artifacts
	if ac == nil || len(ac.Artifacts) == 0 || len(ac.Stages) == 0 {
		return nil, nil
	}
	ledger, err := promote.OpenLedger(filepath.Join(cfg.Server.DataDir, "artifacts", "digests.json"))
	if err != nil {
		return nil, err
	}
	releases := func(r *artconfig.Release) (artifacts.Source, error) {
		f, ok := forges[r.Forge].(release.Forge)
		if !ok {
			return nil, fmt.Errorf("the release source %s needs a forge %q block", r.Repo, r.Forge)
		}
		return release.New(f, r.Repo), nil
	}
	open := func(ctx context.Context, a *artconfig.Artifact) (artifacts.Source, error) {
		return sources.Open(ctx, a, sources.Options{Releases: releases})
	}
	return &artifactsState{promoter: &promote.Promoter{Config: ac, Open: open, Ledger: ledger},
		positions: map[string]map[string]*Position{}, checkNow: make(chan struct{}, 1)}, nil
}

// startArtifacts checks each artifact every poll interval.
func (a *Agent) startArtifacts(ctx context.Context) {
	if a.arts == nil {
		return
	}
	a.bg.Add(1)
	go func() {
		defer a.bg.Done()
		tick := time.NewTicker(a.conf().Artifacts.PollInterval())
		defer tick.Stop()
		why := "start"
		for {
			a.PromoteArtifacts(ctx, why)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				why = "poll"
			case <-a.arts.checkNow:
				why = "registry webhook"
			}
		}
	}()
}

// PromoteArtifacts runs one promotion pass: each artifact, each stage in
// order. It returns every position afterwards. trigger says what asked
// for the pass, for the log.
func (a *Agent) PromoteArtifacts(ctx context.Context, trigger string) []*Position {
	if a.arts == nil {
		return []*Position{}
	}
	a.arts.run.Lock()
	defer a.arts.run.Unlock()
	a.log.Debug("promotion pass", "trigger", trigger)
	for _, art := range a.conf().Artifacts.Artifacts {
		stopped := false
		for _, stage := range a.conf().Artifacts.Stages {
			if stopped {
				// Nothing moves on past a stage that failed, but what the
				// later stages run is still shown as it is.
				a.setPosition(a.observeStage(ctx, art, stage))
				continue
			}
			pos := a.promoteStage(ctx, art, stage)
			a.setPosition(pos)
			if pos.Error != "" {
				a.log.Warn("artifact promotion stopped", "artifact", art.Name, "stage", stage.Name, "error", pos.Error)
				stopped = true
			}
		}
	}
	return a.Positions()
}

// observeStage is art's position in stage without promoting anything: the
// build last promoted there, and the one its stacks run now.
func (a *Agent) observeStage(ctx context.Context, art *artconfig.Artifact, stage *artconfig.Stage) *Position {
	pos := &Position{Artifact: art.Name, Stage: stage.Name, Checked: time.Now().UTC()}
	if prev := a.prevPosition(art.Name, stage.Name); prev != nil {
		pos.Build, pos.Digest, pos.Commit, pos.Branch, pos.PR, pos.Promoted = prev.Build, prev.Digest, prev.Commit, prev.Branch, prev.PR, prev.Promoted
	}
	pos.Running = a.runningTag(ctx, art, stage)
	return pos
}

// promoteStage promotes art into stage: the policy's newest build into the
// first stage, the build the previous stage runs into the others, once
// the gate opens.
func (a *Agent) promoteStage(ctx context.Context, art *artconfig.Artifact, stage *artconfig.Stage) *Position {
	pos := a.observeStage(ctx, art, stage)
	target, err := a.target(stage)
	if err != nil {
		pos.Error = err.Error()
		return pos
	}
	if stage.After != "" {
		pin, wait, err := a.gate(ctx, art, a.conf().Artifacts.Stage(stage.After), stage)
		if err != nil {
			stopAt(pos, err)
			pos.Error = a.redact.text(err.Error())
			return pos
		}
		if wait != nil {
			pos.Waiting, pos.Until = wait.reason, wait.until
			return pos
		}
		target.Pin = pin
	}
	out, err := a.arts.promoter.Promote(ctx, art, target)
	if err != nil {
		pos.Error = a.redact.text(err.Error())
		return pos
	}
	if out == nil {
		return pos
	}
	if out.Held != "" {
		pos.Waiting = fmt.Sprintf("%s was rolled back from %s: waiting for a newer build", out.Held, stage.Name)
		return pos
	}
	pos.Build, pos.Digest, pos.Commit, pos.Branch, pos.PR = out.Build.Tag, out.Build.Digest, out.Commit, out.Branch, out.PR
	if out.Pushed {
		pos.Promoted = time.Now().UTC()
		a.log.Info("artifact promoted", "artifact", art.Name, "stage", stage.Name, "build", out.Build.Tag, "branch", out.Branch, "pr", out.PR)
		a.afterPromotion(stage, out)
	}
	return pos
}

// target is where a stage's promotions go: its stacks share a repository
// and branch (the configuration checks it).
func (a *Agent) target(stage *artconfig.Stage) (promote.Target, error) {
	var stacks []*config.Stack
	for _, n := range stage.Stacks {
		stacks = append(stacks, a.conf().Stack(n))
	}
	s0 := stacks[0]
	t := promote.Target{Stage: stage, Base: s0.Branch, ForgeRepo: s0.ForgeRepo,
		Repo: promote.Repo{URL: s0.Repo, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}}
	auth := a.gitAuth(s0)
	if auth.TokenEnv != "" {
		if tok := os.Getenv(auth.TokenEnv); tok != "" {
			t.Repo.Auth = promote.TokenAuth(tok)
		}
	}
	for _, s := range stacks {
		t.Paths = append(t.Paths, s.Path)
	}
	if stage.Mode == artconfig.ModePullRequest {
		f := a.forges[s0.Forge]
		if f == nil || s0.ForgeRepo == "" {
			return t, fmt.Errorf("stage %s promotes by pull request, but the stack %s has no forge and forge_repo", stage.Name, s0.Name)
		}
		t.PRs = f
	}
	return t, nil
}

// afterPromotion queues the runs a pushed promotion calls for: the plan of
// the pull request, or the branch's usual run.
func (a *Agent) afterPromotion(stage *artconfig.Stage, out *promote.Outcome) {
	for _, n := range stage.Stacks {
		s := a.conf().Stack(n)
		t := &task{stack: s, kind: pushKind(s), trigger: triggerPromotion, commit: out.Commit, message: promote.Title(out)}
		if out.PR != 0 {
			t.kind, t.ref, t.pr = store.KindPRPlan, out.Branch, out.PR
		} else {
			a.mu.Lock()
			a.enqueued[s.Name] = out.Commit
			a.mu.Unlock()
		}
		if _, _, err := a.enqueue(t); err != nil {
			a.log.Warn("could not queue the run of a promotion", "stack", s.Name, "error", err)
		}
	}
}

func (a *Agent) setPosition(p *Position) {
	p.State = positionState(p)
	a.arts.mu.Lock()
	defer a.arts.mu.Unlock()
	if a.arts.positions[p.Artifact] == nil {
		a.arts.positions[p.Artifact] = map[string]*Position{}
	}
	a.arts.positions[p.Artifact][p.Stage] = p
}

func (a *Agent) prevPosition(artifact, stage string) *Position {
	a.arts.mu.Lock()
	defer a.arts.mu.Unlock()
	return a.arts.positions[artifact][stage]
}

// Positions returns each artifact's position in each stage checked so far,
// in configuration order.
func (a *Agent) Positions() []*Position {
	out := []*Position{}
	if a.arts == nil {
		return out
	}
	a.arts.mu.Lock()
	defer a.arts.mu.Unlock()
	for _, art := range a.conf().Artifacts.Artifacts {
		for _, st := range a.conf().Artifacts.Stages {
			if p := a.arts.positions[art.Name][st.Name]; p != nil {
				c := *p
				out = append(out, &c)
			}
		}
	}
	return out
}

// ArtifactBoard implements web.Artifacts: every artifact's position in
// every stage, in configuration order.
func (a *Agent) ArtifactBoard() web.ArtifactBoard {
	b := web.ArtifactBoard{}
	if a.arts == nil {
		return b
	}
	for _, st := range a.conf().Artifacts.Stages {
		b.Stages = append(b.Stages, st.Name)
	}
	a.arts.mu.Lock()
	defer a.arts.mu.Unlock()
	for _, art := range a.conf().Artifacts.Artifacts {
		row := web.ArtifactRow{Name: art.Name}
		for _, st := range a.conf().Artifacts.Stages {
			p := &Position{Artifact: art.Name, Stage: st.Name, State: web.PositionUnknown}
			if got := a.arts.positions[art.Name][st.Name]; got != nil {
				c := *got
				p = &c
			}
			row.Positions = append(row.Positions, p)
		}
		b.Artifacts = append(b.Artifacts, row)
	}
	return b
}

// artifactsAPI serves POST /api/artifacts/check: a promotion pass now, as
// a registry webhook or a person asks. GET /api/artifacts and the
// artifacts page are the dashboard's (engine/agent/web).
func (a *Agent) artifactsAPI(mux *http.ServeMux) {
	mux.HandleFunc("POST /hooks/registry", a.registryWebhook)
	mux.HandleFunc("POST /api/artifacts/check", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"positions": a.PromoteArtifacts(r.Context(), "api")})
	})
}
