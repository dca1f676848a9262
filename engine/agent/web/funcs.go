package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/htmlpage"
	"github.com/trueup/trueup/engine/agent/store"
)

// now is the clock "ago" reads. The page tests, which render each page
// twice to compare two template engines, hold it still meanwhile.
var now = time.Now

var funcs = htmlpage.FuncMap{
	// viewer is replaced per request when the handler knows who asks.
	"viewer": func() *Viewer { return nil },
	// actions are the runs the dashboard's buttons queue.
	"actions":   func() []string { return []string{store.KindPlan, store.KindApply, store.KindDrift} },
	"commitURL": commitURL,
	"prURL":     prURL,
	"repoURL":   repoWebURL,
	"final":     store.Final,
	"list":      func(s ...string) []string { return s },
	"planLines": planLines,
	"graph":     func(p store.Plan) template.HTML { return graphSVG(planGraph(p), "graph") },
	"changes":   func(js []byte) []resourceChange { return parsePlan(js).changes() },
	"pair":      func(a, b any) tuple { return tuple{A: a, B: b} },
	"triple":    func(a, b, c any) tuple { return tuple{A: a, B: b, C: c} },
	"short": func(s string) string {
		if len(s) > 8 {
			return s[:8]
		}
		return s
	},
	"firstLine": func(s string) string {
		line, _, _ := strings.Cut(s, "\n")
		return line
	},
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"ago": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		d := now().Sub(t).Round(time.Second)
		switch {
		case d < time.Minute:
			return fmt.Sprintf("%ds ago", int(d.Seconds()))
		case d < time.Hour:
			return fmt.Sprintf("%dm ago", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%dh ago", int(d.Hours()))
		}
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	},
	"duration": func(r *store.Run) string {
		if d := r.Duration(); d > 0 {
			return d.Round(100 * time.Millisecond).String()
		}
		return "—"
	},
	"summary": func(s store.Summary) string {
		out := fmt.Sprintf("+%d ~%d -%d", s.Add, s.Change, s.Destroy)
		if s.Drifted > 0 {
			out += fmt.Sprintf(", %d drifted", s.Drifted)
		}
		return out
	},
}

// tuple passes several values to a sub-template.
type tuple struct{ A, B, C any }
