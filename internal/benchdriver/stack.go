package benchdriver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ChainLength is how many null_resources depend on each other in a row.
const ChainLength = 10

// groupSize is how many resources one fan-in local gathers the chain ends
// of; outputEvery is how many resources one output summarises.
const (
	groupSize   = 100
	outputEvery = 1000
)

// StackFile is the generated configuration's file name.
const StackFile = "main.tf"

// WriteStack writes a stack of n null_resources to dir: chains of
// ChainLength (each resource's triggers refer to the previous one's id), a
// fan-in local per group of groupSize resources listing its chain ends, a
// local "ends" concatenating them all, and outputs counting them. With
// changed, the last resource's trigger differs: one replacement.
func WriteStack(dir string, n int, changed bool) error {
	var b strings.Builder
	b.Grow(n * 90)
	for i := range n {
		trigger := fmt.Sprint(i)
		if changed && i == n-1 {
			trigger += "-changed"
		}
		if i%ChainLength == 0 {
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = %q }\n}\n", i, trigger)
			continue
		}
		fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = %q, prev = null_resource.r%d.id }\n}\n", i, trigger, i-1)
	}
	writeLocals(&b, n)
	writeOutputs(&b, n)
	return os.WriteFile(filepath.Join(dir, StackFile), []byte(b.String()), 0o644)
}

// writeLocals writes the fan-in locals: one per group listing the ids of
// its chain ends, and "ends" concatenating every group's.
func writeLocals(b *strings.Builder, n int) {
	b.WriteString("locals {\n")
	var groups []string
	for g := 0; g*groupSize < n; g++ {
		var ids []string
		lo, hi := g*groupSize, min((g+1)*groupSize, n)
		for start := lo; start < hi; start += ChainLength {
			ids = append(ids, fmt.Sprintf("null_resource.r%d.id", min(start+ChainLength, hi)-1))
		}
		fmt.Fprintf(b, "  g%d = [%s]\n", g, strings.Join(ids, ", "))
		groups = append(groups, fmt.Sprintf("local.g%d", g))
	}
	fmt.Fprintf(b, "  ends = concat(%s)\n}\n", strings.Join(groups, ", "))
}

// writeOutputs writes an output per outputEvery resources (the number of
// chain ends of its first group) and one counting every chain end.
func writeOutputs(b *strings.Builder, n int) {
	for o := 0; o*outputEvery < n; o++ {
		fmt.Fprintf(b, "output \"o%d\" {\n  value = length(local.g%d)\n}\n", o, o*outputEvery/groupSize)
	}
	b.WriteString("output \"ends\" {\n  value = length(local.ends)\n}\n")
}
