package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// TokenView is a token as the API and the CLI list it: never its secret
// or hash.
type TokenView struct {
	ID       string    `json:"id"`
	Name     string    `json:"name,omitempty"`
	Scope    string    `json:"scope"`
	Creator  string    `json:"creator"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires,omitzero"`
	LastUsed time.Time `json:"last_used,omitzero"`
	Revoked  time.Time `json:"revoked,omitzero"`
}

// View is t without its hash.
func View(t *store.Token) TokenView {
	return TokenView{ID: t.ID, Name: t.Name, Scope: t.Scope, Creator: t.Creator, Created: t.Created, Expires: t.Expires,
		LastUsed: t.LastUsed, Revoked: t.Revoked}
}

// CreateRequest is the body of POST /api/tokens.
type CreateRequest struct {
	Scope string `json:"scope"`
	Name  string `json:"name,omitempty"`
	// Expires is a Go duration ("720h"); "" never expires.
	Expires string `json:"expires,omitempty"`
}

// Parse checks the request and makes it a NewToken by creator.
func (req CreateRequest) Parse(creator string) (NewToken, error) {
	scope, err := ParseScope(req.Scope)
	if err != nil {
		return NewToken{}, err
	}
	nt := NewToken{Scope: scope, Name: req.Name, Creator: creator}
	if req.Expires != "" {
		if nt.TTL, err = time.ParseDuration(req.Expires); err != nil {
			return NewToken{}, fmt.Errorf("expires: %w (write it as 720h, 30m)", err)
		}
		if nt.TTL <= 0 {
			return NewToken{}, errors.New("expires must be a positive duration")
		}
	}
	return nt, nil
}

// CreateResponse answers POST /api/tokens: the secret token, shown once.
type CreateResponse struct {
	Token string    `json:"token"`
	Info  TokenView `json:"info"`
}

// Register adds the admin API to mux: GET and POST /api/tokens, DELETE
// /api/tokens/{id} (revoke), GET /api/audit. The guard must admit only
// admins to these routes (Required does).
func (g *Guard) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/tokens", g.listTokens)
	mux.HandleFunc("POST /api/tokens", g.createToken)
	mux.HandleFunc("DELETE /api/tokens/{id}", g.revokeToken)
	mux.HandleFunc("GET /api/audit", g.listAudit)
}

func (g *Guard) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := g.Store.Tokens()
	if err != nil {
		g.Log.Error("listing tokens", "error", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	out := make([]TokenView, 0, len(ts))
	for _, t := range ts {
		out = append(out, View(t))
	}
	writeJSONBody(w, http.StatusOK, map[string]any{"tokens": out})
}

func (g *Guard) createToken(w http.ResponseWriter, r *http.Request) {
	p := FromContext(r.Context())
	var req CreateRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be JSON: {\"scope\": \"read\", \"name\": \"ci\", \"expires\": \"720h\"}")
		return
	}
	nt, err := req.Parse(p.String())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	token, t, err := CreateToken(g.Store, nt, g.now())
	if err != nil {
		g.Log.Error("creating a token", "error", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	g.Audit(r.RemoteAddr, p, "token.create", t.ID, "ok", "scope "+t.Scope+", name "+strconv.Quote(t.Name), 0)
	writeJSONBody(w, http.StatusCreated, CreateResponse{Token: token, Info: View(t)})
}

func (g *Guard) revokeToken(w http.ResponseWriter, r *http.Request) {
	p, id := FromContext(r.Context()), r.PathValue("id")
	err := g.Store.RevokeToken(id, g.now().UTC())
	if errors.Is(err, store.ErrTokenNotFound) {
		writeError(w, http.StatusNotFound, "no token "+id)
		return
	}
	if err != nil {
		g.Log.Error("revoking a token", "error", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	g.Audit(r.RemoteAddr, p, "token.revoke", id, "ok", "", 0)
	t, _ := g.Store.Token(id)
	writeJSONBody(w, http.StatusOK, View(t))
}

func (g *Guard) listAudit(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	es, err := g.Store.Audit(limit)
	if err != nil {
		g.Log.Error("reading the audit trail", "error", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	if es == nil {
		es = []*store.AuditEvent{}
	}
	writeJSONBody(w, http.StatusOK, map[string]any{"events": es})
}

func writeJSONBody(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
