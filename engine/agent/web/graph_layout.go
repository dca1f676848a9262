package web

import "sort"

// Layout metrics of the graph drawing, in SVG user units.
const (
	nodeHeight = 28.0
	rowGap     = 14.0
	layerGap   = 64.0
	charWidth  = 7.3 // of the 12px monospace labels
	nodePad    = 12.0
	graphPad   = 16.0
	maxLabel   = 48
)

// layout places the nodes in layers, left to right, a Sugiyama-style
// layered drawing: a resource's layer is the length of its longest chain
// of dependencies, so what it needs is always to its left; within layers,
// nodes are ordered by the barycentre of their neighbours to keep edges
// short and straight. It returns the drawing's width and height.
func (g *depGraph) layout() (width, height float64) {
	layers := g.assignLayers()
	orderLayers(layers)
	x := graphPad
	tallest := 0
	for _, l := range layers {
		if len(l) > tallest {
			tallest = len(l)
		}
	}
	height = 2*graphPad + float64(tallest)*nodeHeight + float64(max(tallest-1, 0))*rowGap
	for _, l := range layers {
		w := 0.0
		for _, n := range l {
			n.w = labelWidth(n.Address)
			w = max(w, n.w)
		}
		// Centre each layer's column vertically.
		used := float64(len(l))*nodeHeight + float64(max(len(l)-1, 0))*rowGap
		top := (height - used) / 2
		for i, n := range l {
			n.x, n.y = x, top+float64(i)*(nodeHeight+rowGap)
		}
		x += w + layerGap
	}
	return x - layerGap + graphPad, height
}

func labelWidth(addr string) float64 {
	n := len(label(addr))
	return float64(n)*charWidth + 2*nodePad
}

// label shortens long addresses for the node's text; the full address is
// in its title.
func label(addr string) string {
	if len(addr) <= maxLabel {
		return addr
	}
	return "…" + addr[len(addr)-maxLabel+1:]
}

// assignLayers puts each node in the layer one past its deepest
// dependency. A cycle (which a valid configuration does not have) is cut
// where the depth-first search finds it.
func (g *depGraph) assignLayers() [][]*depNode {
	const (
		unseen = iota
		visiting
		done
	)
	state := map[*depNode]int{}
	var visit func(n *depNode) int
	visit = func(n *depNode) int {
		switch state[n] {
		case visiting:
			return -1
		case done:
			return n.layer
		}
		state[n] = visiting
		n.layer = 0
		for _, d := range n.Deps {
			if l := visit(d); l+1 > n.layer {
				n.layer = l + 1
			}
		}
		state[n] = done
		return n.layer
	}
	var layers [][]*depNode
	for _, n := range g.Nodes {
		visit(n)
	}
	for _, n := range g.Nodes {
		for len(layers) <= n.layer {
			layers = append(layers, nil)
		}
		layers[n.layer] = append(layers[n.layer], n)
	}
	return layers
}

// orderLayers reorders each layer by the mean position of its nodes'
// neighbours in the layer before (sweeping right) or after (sweeping
// left), a few times: the barycentre heuristic for fewer crossings.
func orderLayers(layers [][]*depNode) {
	number := func(l []*depNode) {
		for i, n := range l {
			n.order = i
		}
	}
	for _, l := range layers {
		number(l)
	}
	for sweep := 0; sweep < 6; sweep++ {
		right := sweep%2 == 0
		for i := range layers {
			li := i
			if !right {
				li = len(layers) - 1 - i
			}
			l := layers[li]
			bary := make(map[*depNode]float64, len(l))
			for _, n := range l {
				nbrs := n.Deps
				if !right {
					nbrs = n.Users
				}
				sum, cnt := 0.0, 0
				for _, m := range nbrs {
					sum += float64(m.order)
					cnt++
				}
				if cnt == 0 {
					bary[n] = float64(n.order)
				} else {
					bary[n] = sum / float64(cnt)
				}
			}
			sort.SliceStable(l, func(a, b int) bool { return bary[l[a]] < bary[l[b]] })
			number(l)
		}
	}
}
