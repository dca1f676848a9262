package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/trueup/trueup/engine/agent"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/store"
)

// localTokens manages tokens in the agent's store, opened by this process.
type localTokens struct {
	st  agent.History
	who *auth.Principal
}

func (l *localTokens) create(req auth.CreateRequest) (*auth.CreateResponse, error) {
	nt, err := req.Parse(l.who.String())
	if err != nil {
		return nil, err
	}
	token, t, err := auth.CreateToken(l.st, nt, time.Now())
	if err != nil {
		return nil, err
	}
	l.audit("token.create", t.ID, "scope "+t.Scope)
	return &auth.CreateResponse{Token: token, Info: auth.View(t)}, nil
}

func (l *localTokens) list() ([]auth.TokenView, error) {
	ts, err := l.st.Tokens()
	out := make([]auth.TokenView, 0, len(ts))
	for _, t := range ts {
		out = append(out, auth.View(t))
	}
	return out, err
}

func (l *localTokens) revoke(id string) (*auth.TokenView, error) {
	if err := l.st.RevokeToken(id, time.Now().UTC()); err != nil {
		return nil, fmt.Errorf("revoking %s: %w", id, err)
	}
	l.audit("token.revoke", id, "")
	t, err := l.st.Token(id)
	if err != nil {
		return nil, err
	}
	v := auth.View(t)
	return &v, nil
}

func (l *localTokens) audit(action, target, detail string) {
	l.st.AppendAudit(&store.AuditEvent{Time: time.Now().UTC(), Principal: l.who.String(), Action: action, Target: target,
		Outcome: "ok", Detail: detail, Remote: "command line"})
}

func (l *localTokens) close() error { return l.st.Close() }

// remoteTokens manages tokens through a running agent's API.
type remoteTokens struct {
	url, token string
}

func (r *remoteTokens) create(req auth.CreateRequest) (*auth.CreateResponse, error) {
	var out auth.CreateResponse
	return &out, r.call(http.MethodPost, "/api/tokens", req, &out)
}

func (r *remoteTokens) list() ([]auth.TokenView, error) {
	var out struct{ Tokens []auth.TokenView }
	err := r.call(http.MethodGet, "/api/tokens", nil, &out)
	return out.Tokens, err
}

func (r *remoteTokens) revoke(id string) (*auth.TokenView, error) {
	var out auth.TokenView
	return &out, r.call(http.MethodDelete, "/api/tokens/"+id, nil, &out)
}

func (r *remoteTokens) close() error { return nil }

func (r *remoteTokens) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, strings.TrimRight(r.url, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 300 {
		var e struct{ Error string }
		json.Unmarshal(b, &e)
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, e.Error)
	}
	return json.Unmarshal(b, out)
}
