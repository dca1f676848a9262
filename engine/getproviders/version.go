package getproviders

import (
	"fmt"
	"runtime"
	"sort"
	"strings"

	"github.com/apparentlymart/go-versions/versions"
	"github.com/apparentlymart/go-versions/versions/constraints"
)

// Version is one provider version.
type Version = versions.Version

// VersionList is a list of versions.
type VersionList = versions.List

// Constraints is an intersection of version constraints, as the
// version arguments of every required_providers entry for one provider
// combine into.
type Constraints = constraints.IntersectionSpec

// ParseVersion parses a semantic version ("3.2.3").
func ParseVersion(s string) (Version, error) { return versions.ParseVersion(s) }

// ParseConstraints parses Terraform's constraint syntax ("~> 3.0",
// ">= 1.2, < 2").
func ParseConstraints(s string) (Constraints, error) {
	return constraints.ParseRubyStyleMulti(s)
}

// Newest returns the newest version in available that meets c and is not a
// prerelease unless c names that prerelease exactly, or false.
func Newest(available VersionList, c Constraints) (Version, bool) {
	set := versions.MeetingConstraints(c)
	var allowed VersionList
	for _, v := range available {
		if set.Has(v) {
			allowed = append(allowed, v)
		}
	}
	if len(allowed) == 0 {
		return Version{}, false
	}
	allowed.Sort()
	return allowed[len(allowed)-1], true
}

// Meets reports whether v meets c.
func Meets(v Version, c Constraints) bool {
	return versions.MeetingConstraints(c).Has(v)
}

// ConstraintsString returns the canonical form of c that the lock file
// records: duplicates removed, omitted parts written as zero, lower bounds
// first. It is the format Terraform writes, so that both tools produce the
// same file.
func ConstraintsString(c Constraints) string {
	seen := map[constraints.SelectionSpec]bool{}
	var sels []constraints.SelectionSpec
	for _, sel := range c {
		n := constraints.SelectionSpec{Operator: sel.Operator, Boundary: sel.Boundary.ConstrainToZero()}
		if !seen[n] {
			seen[n] = true
			sels = append(sels, n)
		}
	}
	sort.SliceStable(sels, func(i, j int) bool {
		vi, vj := boundaryVersion(sels[i].Boundary), boundaryVersion(sels[j].Boundary)
		if !vi.Same(vj) || vi.Metadata != vj.Metadata {
			if vi.Same(vj) {
				return vi.Metadata.LessThan(vj.Metadata)
			}
			return vi.LessThan(vj)
		}
		return opPriority[sels[i].Operator] < opPriority[sels[j].Operator]
	})
	parts := make([]string, len(sels))
	for i, sel := range sels {
		parts[i] = selectionString(sel)
	}
	return strings.Join(parts, ", ")
}

var opPriority = map[constraints.SelectionOp]int{
	constraints.OpGreaterThan:                 1,
	constraints.OpGreaterThanOrEqual:          2,
	constraints.OpEqual:                       3,
	constraints.OpGreaterThanOrEqualPatchOnly: 4,
	constraints.OpGreaterThanOrEqualMinorOnly: 5,
	constraints.OpLessThanOrEqual:             6,
	constraints.OpLessThan:                    7,
	constraints.OpNotEqual:                    8,
}

var opSymbol = map[constraints.SelectionOp]string{
	constraints.OpGreaterThan:                 "> ",
	constraints.OpLessThan:                    "< ",
	constraints.OpGreaterThanOrEqual:          ">= ",
	constraints.OpGreaterThanOrEqualPatchOnly: "~> ",
	constraints.OpGreaterThanOrEqualMinorOnly: "~> ",
	constraints.OpLessThanOrEqual:             "<= ",
	constraints.OpEqual:                       "",
	constraints.OpNotEqual:                    "!= ",
}

func selectionString(sel constraints.SelectionSpec) string {
	b := sel.Boundary
	s := opSymbol[sel.Operator]
	if sel.Operator == constraints.OpGreaterThanOrEqualMinorOnly {
		s += fmt.Sprintf("%s.%s", b.Major, b.Minor)
	} else {
		s += fmt.Sprintf("%s.%s.%s", b.Major, b.Minor, b.Patch)
	}
	if b.Prerelease != "" {
		s += "-" + b.Prerelease
	}
	if b.Metadata != "" {
		s += "+" + b.Metadata
	}
	return s
}

func boundaryVersion(b constraints.VersionSpec) Version {
	b = b.ConstrainToZero()
	return Version{
		Major: b.Major.Num, Minor: b.Minor.Num, Patch: b.Patch.Num,
		Prerelease: versions.VersionExtra(b.Prerelease),
		Metadata:   versions.VersionExtra(b.Metadata),
	}
}

// Platform is an operating system and architecture ("linux_amd64").
type Platform struct {
	OS, Arch string
}

// CurrentPlatform is the platform trueup runs on.
var CurrentPlatform = Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}

// String returns "OS_ARCH".
func (p Platform) String() string { return p.OS + "_" + p.Arch }

// ParsePlatform parses "OS_ARCH".
func ParsePlatform(s string) (Platform, error) {
	os, arch, ok := strings.Cut(s, "_")
	if !ok || os == "" || arch == "" || strings.Contains(arch, "_") || strings.ContainsAny(s, " \t\r\n") {
		return Platform{}, fmt.Errorf("invalid platform %q: a platform is OS_ARCH, like linux_amd64", s)
	}
	return Platform{OS: os, Arch: arch}, nil
}
