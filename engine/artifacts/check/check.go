package check

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/marker"
)

// States of a marked value.
const (
	// UpToDate: the value is what the newest build would write.
	UpToDate = "up to date"
	// UpdateAvailable: a newer build matches the policy.
	UpdateAvailable = "update available"
	// TagMoved: the value pins a digest, and its tag now names another one.
	TagMoved = "tag moved"
	// NoMatch: no build matches the policy.
	NoMatch = "no matching build"
	// Failed: the source could not be read; Error says why.
	Failed = "error"
)

// Status is one marker compared with its artifact's newest build.
type Status struct {
	Marker marker.Marker `json:"marker"`
	// Current is the build the value names now, as far as the template
	// tells (Tag and Digest; Digest resolved from the source when the
	// value does not pin one).
	Current artifacts.Candidate `json:"current"`
	// Newest is the newest matching build, resolved; NewValue is the value
	// it would write.
	Newest   *artifacts.Candidate `json:"newest,omitempty"`
	NewValue string               `json:"new_value,omitempty"`
	// Link is the newest build's link (the artifact's link template, or
	// the source's own link).
	Link  string `json:"link,omitempty"`
	State string `json:"state"`
	Error string `json:"error,omitempty"`
}

// Opener opens an artifact's source.
type Opener func(ctx context.Context, a *config.Artifact) (artifacts.Source, error)

// Run checks each marker; markers of an artifact the configuration does
// not declare are an error of the caller's (see Unknown). Each artifact's
// source is listed once.
func Run(ctx context.Context, cfg *config.Config, markers []marker.Marker, open Opener) []Status {
	type listing struct {
		src    artifacts.Source
		newest *artifacts.Candidate
		err    error
	}
	lists := map[string]*listing{}
	var out []Status
	for _, m := range markers {
		a := cfg.Artifact(m.Name)
		if a == nil {
			continue
		}
		l := lists[a.Name]
		if l == nil {
			l = &listing{}
			l.src, l.newest, l.err = newest(ctx, a, open)
			lists[a.Name] = l
		}
		out = append(out, compare(ctx, a, m, l.src, l.newest, l.err))
	}
	return out
}

// newest opens a's source and returns its newest matching build, resolved.
func newest(ctx context.Context, a *config.Artifact, open Opener) (artifacts.Source, *artifacts.Candidate, error) {
	src, err := open(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	cands, err := src.List(ctx)
	if err != nil {
		return src, nil, err
	}
	matching, err := a.Policy.Matching(ctx, src, cands)
	if err != nil || len(matching) == 0 {
		return src, nil, err
	}
	n, err := src.Resolve(ctx, matching[0])
	if err != nil {
		return src, nil, err
	}
	n.Version = matching[0].Version
	return src, &n, nil
}

func compare(ctx context.Context, a *config.Artifact, m marker.Marker, src artifacts.Source, newest *artifacts.Candidate, err error) Status {
	st := Status{Marker: m}
	if err != nil {
		st.State, st.Error = Failed, err.Error()
		return st
	}
	tag, digest, ok := a.Value.Parse(m.Value)
	if !ok {
		st.State = Failed
		st.Error = fmt.Sprintf("the value %q does not have the artifact's shape %q", m.Value, a.Value)
		return st
	}
	st.Current = artifacts.Candidate{Tag: tag, Digest: digest}
	if tag != "" {
		if v, ok := a.Policy.Accepts(tag); ok {
			st.Current.Version = v
		}
		if cur, err := src.Resolve(ctx, artifacts.Candidate{Tag: tag}); err == nil {
			st.Current.Created = cur.Created
			if digest != "" && cur.Digest != digest {
				st.State = TagMoved
				st.Error = fmt.Sprintf("%s now names %s, not the pinned %s", tag, cur.Digest, digest)
				return st
			}
			st.Current.Digest = cur.Digest
		}
	}
	if newest == nil {
		st.State = NoMatch
		return st
	}
	st.Newest = newest
	st.NewValue = a.Value.Format(*newest)
	st.Link = newest.Link
	if a.Link != nil {
		st.Link = a.Link.Format(*newest)
	}
	if st.NewValue == m.Value {
		st.State = UpToDate
	} else {
		st.State = UpdateAvailable
	}
	return st
}

// Unknown reports each marker whose artifact the configuration does not
// declare, at the marker's value.
func Unknown(cfg *config.Config, markers []marker.Marker) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, m := range markers {
		if cfg.Artifact(m.Name) == nil {
			rng := m.Range
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown artifact",
				Detail:  fmt.Sprintf("The marker names the artifact %q, but no artifact %q block is configured.", m.Name, m.Name),
				Subject: &rng})
		}
	}
	return diags
}
