package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// Bounds of the drift timeline.
const (
	// driftHistory is how many of a stack's runs the timeline reads to
	// find its drift checks.
	driftHistory = 1000
	// driftChecks is how many checks it draws, the newest.
	driftChecks = 60
	// driftAddresses is how many drifted checks it reads the plans of, to
	// name the drifted resources.
	driftAddresses = 20
)

// driftCheck is one drift check of a stack: when, what it found.
type driftCheck struct {
	Run     *store.Run
	At      time.Time
	Drifted int
	Failed  bool
	// Addresses are the resources found changed, when the check's plan
	// names them.
	Addresses []string
}

// driftChecks picks the finished drift checks (drift and reconcile runs)
// among runs, newest first, and returns up to driftChecks of them oldest
// first, naming the drifted resources of the newest drifted ones.
func (h *handler) driftChecks(runs []*store.Run) []driftCheck {
	var out []driftCheck
	named := 0
	for _, r := range runs {
		if (r.Kind != store.KindDrift && r.Kind != store.KindReconcile) || !store.Final(r.Outcome) || r.Outcome == store.OutcomeInterrupted {
			continue
		}
		c := driftCheck{Run: r, At: r.Finished, Drifted: r.Summary.Drifted, Failed: r.Outcome == store.OutcomeFailed && r.Summary.Drifted == 0}
		if c.At.IsZero() {
			c.At = r.Queued
		}
		if c.Drifted > 0 && named < driftAddresses {
			named++
			if d, err := h.src.Detail(r.ID); err == nil {
				c.Addresses = parsePlan(d.Plan.JSON).drifted()
			}
		}
		out = append(out, c)
		if len(out) == driftChecks {
			break
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Metrics of the drift chart, in SVG user units.
const (
	chartWidth  = 880.0
	chartHeight = 220.0
	chartLeft   = 44.0
	chartRight  = 16.0
	chartTop    = 16.0
	chartBottom = 40.0
	barWidth    = 10.0
)

// driftSVG draws the checks as a chart over time: a bar per check as high
// as the number of drifted resources (class "check check-drifted"), a dot
// on the axis for a check that found none ("check-ok") and a cross for one
// that failed ("check-failed"). Each links to its run and has a <title>
// with the time, the count and the resources.
func driftSVG(checks []driftCheck) template.HTML {
	if len(checks) == 0 {
		return ""
	}
	top := 1
	for _, c := range checks {
		top = max(top, c.Drifted)
	}
	plotW, plotH := chartWidth-chartLeft-chartRight, chartHeight-chartTop-chartBottom
	first, last := checks[0].At, checks[len(checks)-1].At
	span := last.Sub(first)
	xOf := func(t time.Time) float64 {
		if span <= 0 {
			return chartLeft + plotW/2
		}
		return chartLeft + barWidth + (plotW-2*barWidth)*float64(t.Sub(first))/float64(span)
	}
	yOf := func(n int) float64 { return chartTop + plotH - plotH*float64(n)/float64(top) }
	base := yOf(0)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" id="drift-chart" class="drift-chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="drifted resources per drift check, %d checks">`,
		chartWidth, chartHeight, len(checks))
	for _, n := range yTicks(top) {
		y := yOf(n)
		fmt.Fprintf(&b, `<line class="grid-line" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/><text class="tick tick-y" x="%.0f" y="%.1f">%d</text>`,
			chartLeft, y, chartWidth-chartRight, y, chartLeft-8, y+4, n)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/>`, chartLeft, base, chartWidth-chartRight, base)
	for _, i := range xTickIndexes(len(checks)) {
		c := checks[i]
		fmt.Fprintf(&b, `<text class="tick tick-x" x="%.1f" y="%.1f">%s</text>`, xOf(c.At), base+18, esc(tickTime(c.At, span)))
	}
	for _, c := range checks {
		x := xOf(c.At)
		fmt.Fprintf(&b, `<a href="/runs/%d" class="check-link"><g class="check %s" data-run="%d" data-drifted="%d" data-time="%s"><title>%s</title>`,
			c.Run.ID, checkClass(c), c.Run.ID, c.Drifted, c.At.UTC().Format(time.RFC3339), esc(checkTitle(c)))
		switch {
		case c.Drifted > 0:
			y := yOf(c.Drifted)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.1f" rx="2"/>`, x-barWidth/2, y, barWidth, base-y)
		case c.Failed:
			fmt.Fprintf(&b, `<path d="M%.1f,%.1f l8,8 m0,-8 l-8,8"/>`, x-4, base-4)
		default:
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4"/>`, x, base)
		}
		b.WriteString(`</g></a>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func checkClass(c driftCheck) string {
	switch {
	case c.Drifted > 0:
		return "check-drifted"
	case c.Failed:
		return "check-failed"
	}
	return "check-ok"
}

func checkTitle(c driftCheck) string {
	when := c.At.UTC().Format("2006-01-02 15:04 UTC")
	switch {
	case c.Failed:
		return fmt.Sprintf("%s — run #%d: the check failed", when, c.Run.ID)
	case c.Drifted == 0:
		return fmt.Sprintf("%s — run #%d: in sync", when, c.Run.ID)
	}
	s := fmt.Sprintf("%s — run #%d: %d drifted", when, c.Run.ID, c.Drifted)
	if len(c.Addresses) > 0 {
		s += ": " + strings.Join(c.Addresses, ", ")
	}
	if c.Run.Kind == store.KindReconcile && c.Run.Summary.Applied {
		s += " (reconciled)"
	}
	return s
}

// yTicks are up to five whole numbers from 0 to top.
func yTicks(top int) []int {
	step := max(1, (top+3)/4)
	var out []int
	for n := 0; n <= top; n += step {
		out = append(out, n)
	}
	if out[len(out)-1] != top {
		out = append(out, top)
	}
	return out
}

// xTickIndexes are the checks whose times label the axis: the first, the
// last and a few between.
func xTickIndexes(n int) []int {
	if n <= 1 {
		return []int{0}
	}
	const ticks = 5
	seen := map[int]bool{}
	var out []int
	for i := 0; i < ticks; i++ {
		j := i * (n - 1) / (ticks - 1)
		if !seen[j] {
			seen[j] = true
			out = append(out, j)
		}
	}
	return out
}

// tickTime formats an axis time for the chart's span.
func tickTime(t time.Time, span time.Duration) string {
	t = t.UTC()
	if span < 24*time.Hour {
		return t.Format("15:04")
	}
	return t.Format("Jan 2 15:04")
}

// stackDrift serves the stack's drift timeline alone, as an SVG image.
func (h *handler) stackDrift(w http.ResponseWriter, r *http.Request) {
	_, runs, ok := h.stackRuns(w, r, driftHistory)
	if !ok {
		return
	}
	svg := driftSVG(h.driftChecks(runs))
	if svg == "" {
		http.Error(w, "this stack has no drift checks yet", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Security-Policy", contentPolicy)
	w.Write([]byte(svg))
}
