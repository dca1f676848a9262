package web

import (
	"net/http"
	"strings"

	"github.com/trueup/trueup/engine/agent/store"
)

// auditShown is how many events the audit page reads, newest first, before
// filtering.
const auditShown = 1000

// auditView is the audit page: the events that pass the filter.
type auditView struct {
	Events []*store.AuditEvent
	// Filter holds the query's principal, action and outcome ("" for
	// any); Read counts the events read before filtering.
	Filter auditFilter
	Read   int
}

// auditFilter keeps events whose fields contain (principal, target) or
// equal (action, outcome) the given values, ignoring case.
type auditFilter struct {
	Principal, Action, Outcome, Target string
}

func (f auditFilter) keep(e *store.AuditEvent) bool {
	has := func(field, want string) bool {
		return want == "" || strings.Contains(strings.ToLower(field), strings.ToLower(want))
	}
	is := func(field, want string) bool { return want == "" || strings.EqualFold(field, want) }
	return has(e.Principal, f.Principal) && is(e.Action, f.Action) && is(e.Outcome, f.Outcome) && has(e.Target, f.Target)
}

// auditPage lists the audit trail: who did or tried what, when, from
// where. The guard lets only admins reach it (auth.Required); the page
// checks again when it knows the viewer.
func (h *handler) auditPage(w http.ResponseWriter, r *http.Request) {
	if h.viewer != nil {
		if v := h.viewer(r); v != nil && v.Scope != "admin" {
			http.Error(w, "the audit trail needs the admin scope", http.StatusForbidden)
			return
		}
	}
	events, err := h.src.Audit(auditShown)
	if err != nil {
		h.fail(w, err)
		return
	}
	q := r.URL.Query()
	v := &auditView{Read: len(events), Filter: auditFilter{Principal: q.Get("principal"), Action: q.Get("action"), Outcome: q.Get("outcome"), Target: q.Get("target")}}
	for _, e := range events {
		if v.Filter.keep(e) {
			v.Events = append(v.Events, e)
		}
	}
	h.render(w, r, "audit.html", v)
}
