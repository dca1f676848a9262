package web

import (
	"fmt"
	"html/template"
	"strings"
)

// graphSVG draws the graph as an SVG element: nodes are groups (class
// "node", "node-ACTION" when the plan changes them, data-address,
// data-action) with the address in a <title>, edges are paths from a
// dependency to what uses it (class "edge", data-from, data-to). The
// page's graph.js makes hover and click show a node's address and
// neighbours. Presentation is by class, so the content security policy
// needs no inline styles.
func graphSVG(g *depGraph, id string) template.HTML {
	if g == nil || len(g.Nodes) == 0 {
		return ""
	}
	w, h := g.layout()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" id="%s" class="graph" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="dependency graph of %d resources">`,
		esc(id), w, h, w, h, len(g.Nodes))
	b.WriteString(`<defs><marker id="` + esc(id) + `-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>`)
	b.WriteString(`<g class="edges">`)
	for _, n := range g.Nodes {
		for _, d := range n.Deps {
			x1, y1 := d.x+d.w, d.y+nodeHeight/2
			x2, y2 := n.x, n.y+nodeHeight/2
			mid := (x2 - x1) / 2
			if mid < layerGap/2 {
				mid = layerGap / 2
			}
			class := "edge"
			if g.dashed != nil && g.dashed[[2]*depNode{n, d}] {
				class += " edge-inferred"
			}
			fmt.Fprintf(&b, `<path class="%s" data-from="%s" data-to="%s" d="M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f" marker-end="url(#%s-arrow)"/>`,
				class, esc(d.Address), esc(n.Address), x1, y1, x1+mid, y1, x2-mid, y2, x2, y2, esc(id))
		}
	}
	b.WriteString(`</g><g class="nodes">`)
	for _, n := range g.Nodes {
		class := "node"
		if n.Action != "" {
			class += " node-changed node-" + n.Action
		}
		if strings.HasPrefix(n.Address, "data.") || strings.Contains(n.Address, ".data.") {
			class += " node-data"
		}
		if n.Class != "" {
			class += " " + n.Class
		}
		title := n.Address
		if n.Action != "" {
			title += fmt.Sprintf(" — %s (%d instance", n.Action, n.Instances)
			if n.Instances != 1 {
				title += "s"
			}
			title += ")"
		}
		fmt.Fprintf(&b, `<g class="%s" data-address="%s" data-action="%s" data-deps="%d" data-users="%d" tabindex="0" transform="translate(%.1f,%.1f)"><title>%s</title>`,
			class, esc(n.Address), esc(n.Action), len(n.Deps), len(n.Users), n.x, n.y, esc(title))
		fmt.Fprintf(&b, `<rect width="%.1f" height="%.0f" rx="6"/><text x="%.0f" y="%.0f">%s</text></g>`,
			n.w, nodeHeight, nodePad, nodeHeight/2+4, esc(label(n.Address)))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return template.HTMLEscapeString(s) }
