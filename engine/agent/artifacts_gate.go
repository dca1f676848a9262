package agent

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"path/filepath"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/artifacts"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/marker"
	"github.com/trueup/trueup/engine/source"
)

// hold is why a build waits at a gate, and until when when that is known
// (the soak time).
type hold struct {
	reason string
	until  time.Time
}

func holdFor(format string, args ...any) *hold { return &hold{reason: fmt.Sprintf(format, args...)} }

// stopError stops a promotion at a stack of the previous stage, and names
// the failed run when there is one.
type stopError struct {
	msg   string
	stack string
	run   uint64
}

func (e *stopError) Error() string { return e.msg }

// gate decides whether the build the previous stage runs may move on to
// next. It returns that build, or a reason to wait (not an error: the
// build is fine, it is just not time yet), or an error that stops the
// promotion (a failed apply, drift, a failing health check).
func (a *Agent) gate(ctx context.Context, art *artconfig.Artifact, prev, next *artconfig.Stage) (*artifacts.Candidate, *hold, error) {
	var build *artifacts.Candidate
	for _, n := range prev.Stacks {
		s := a.conf().Stack(n)
		st, err := a.store.StackStatus(n)
		if err != nil {
			return nil, nil, err
		}
		if st.LastAppliedCommit == "" {
			return nil, holdFor("stage %s (stack %s) has not applied yet", prev.Name, n), nil
		}
		runs, err := a.store.List(store.Filter{Stack: n, Limit: 20})
		if err != nil {
			return nil, nil, err
		}
		for _, r := range runs {
			if r.Kind != store.KindApply && r.Kind != store.KindReconcile {
				continue
			}
			if r.Outcome == store.OutcomeFailed {
				return nil, nil, &stopError{msg: fmt.Sprintf("the last apply of stack %s in stage %s failed (run %d): %s", n, prev.Name, r.ID, r.Error), stack: n, run: r.ID}
			}
			if store.Final(r.Outcome) {
				break
			}
			return nil, holdFor("stack %s in stage %s is applying", n, prev.Name), nil
		}
		if st.Drifted {
			return nil, nil, &stopError{msg: fmt.Sprintf("stack %s in stage %s has drifted: its drift check must be clean before %s moves on", n, prev.Name, art.Name), stack: n}
		}
		if wait := next.Soak - time.Since(st.LastApplied); wait > 0 {
			return nil, &hold{reason: fmt.Sprintf("soaking in %s for another %s", prev.Name, wait.Round(time.Second)),
				until: st.LastApplied.Add(next.Soak).UTC()}, nil
		}
		b, err := a.runningBuild(ctx, art, s.Name, st.LastAppliedCommit)
		if err != nil {
			return nil, nil, err
		}
		if b == nil {
			return nil, holdFor("stage %s has no %s marker", prev.Name, art.Name), nil
		}
		if build != nil && build.Tag != b.Tag {
			return nil, holdFor("the stacks of stage %s run different builds (%s, %s)", prev.Name, build.Tag, b.Tag), nil
		}
		build = b
	}
	if prev.HealthURL != "" {
		if err := healthy(ctx, prev.HealthURL); err != nil {
			return nil, nil, fmt.Errorf("the health check of stage %s failed: %v", prev.Name, err)
		}
	}
	return build, nil, nil
}

// runningBuild reads the build a stack's markers of art name at commit,
// resolved from the source.
func (a *Agent) runningBuild(ctx context.Context, art *artconfig.Artifact, stack, commit string) (*artifacts.Candidate, error) {
	tag, err := a.markedTag(ctx, art, stack, commit)
	if err != nil || tag == "" {
		return nil, err
	}
	src, err := a.arts.promoter.Open(ctx, art)
	if err != nil {
		return nil, err
	}
	c, err := src.Resolve(ctx, artifacts.Candidate{Tag: tag})
	if err != nil {
		return nil, err
	}
	if v, ok := art.Policy.Accepts(tag); ok {
		c.Version = v
	}
	return &c, nil
}

// markedTag reads the tag a stack's first marker of art names at commit
// ("" when there is none).
func (a *Agent) markedTag(ctx context.Context, art *artconfig.Artifact, stack, commit string) (string, error) {
	s := a.conf().Stack(stack)
	co, err := source.Fetch(ctx, source.Options{URL: s.Repo, Ref: commit, CacheDir: a.cacheDir(), Auth: a.gitAuth(s)})
	if err != nil {
		return "", fmt.Errorf("reading stage commit %s: %s", commit, a.redact.text(err.Error()))
	}
	ms, _, diags := marker.Find(filepath.Join(co.Root, filepath.FromSlash(s.Path)))
	if diags.HasErrors() {
		return "", fmt.Errorf("markers of stack %s: %s", stack, diags.Error())
	}
	for _, m := range ms {
		if m.Name != art.Name {
			continue
		}
		tag, _, ok := art.Value.Parse(m.Value)
		if !ok || tag == "" {
			return "", fmt.Errorf("%s:%d: the value %q does not have the artifact's shape %q", path.Join(s.Path, m.File), m.Line(), m.Value, art.Value)
		}
		return tag, nil
	}
	return "", nil
}

// healthy GETs url and wants a 2xx answer within ten seconds.
func healthy(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	return nil
}
