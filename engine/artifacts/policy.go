package artifacts

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"

	"github.com/Masterminds/semver/v3"
)

// Policy kinds.
const (
	// PolicySemver picks the highest version inside a semver range.
	PolicySemver = "semver"
	// PolicyRegexp picks the highest sort key among tags matching a
	// regular expression.
	PolicyRegexp = "regexp"
	// PolicyLatest picks the most recently created build.
	PolicyLatest = "latest"
)

// Sort orders for PolicyRegexp.
const (
	SortAlphabetical = "alphabetical"
	SortNumeric      = "numeric"
)

// Policy selects the newest matching candidate.
type Policy struct {
	// Kind is PolicySemver, PolicyRegexp or PolicyLatest.
	Kind string
	// Range is the semver range for PolicySemver, as written and parsed.
	Range      string
	Constraint *semver.Constraints
	// TagPattern, when set, filters the tags; its "version" group, when it
	// has one, is the candidate's Version.
	TagPattern *regexp.Regexp
	// SortKey names the TagPattern group PolicyRegexp sorts by ("" is the
	// whole version), and Sort is SortAlphabetical or SortNumeric.
	SortKey, Sort string
}

// Matching returns the candidates the policy accepts, with Version set,
// newest first. PolicyLatest resolves each accepted candidate (through
// src) to learn when it was created.
func (p *Policy) Matching(ctx context.Context, src Source, cands []Candidate) ([]Candidate, error) {
	var out []Candidate
	keys := map[string]string{}
	for _, c := range cands {
		c, key, ok := p.accept(c)
		if ok {
			out = append(out, c)
			keys[c.Tag] = key
		}
	}
	switch p.Kind {
	case PolicySemver:
		sort.SliceStable(out, func(i, j int) bool {
			return mustVersion(out[i].Version).GreaterThan(mustVersion(out[j].Version))
		})
	case PolicyRegexp:
		sort.SliceStable(out, func(i, j int) bool { return p.less(keys[out[j].Tag], keys[out[i].Tag]) })
	case PolicyLatest:
		for i, c := range out {
			if c.Created.IsZero() {
				r, err := src.Resolve(ctx, c)
				if err != nil {
					return nil, err
				}
				out[i] = r
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	default:
		return nil, fmt.Errorf("unknown policy %q", p.Kind)
	}
	return out, nil
}

// Accepts reports whether the policy accepts a tag, and its version.
func (p *Policy) Accepts(tag string) (string, bool) {
	c, _, ok := p.accept(Candidate{Tag: tag})
	return c.Version, ok
}

// accept checks one candidate and returns it with Version set, and its
// sort key for PolicyRegexp.
func (p *Policy) accept(c Candidate) (Candidate, string, bool) {
	c.Version = c.Tag
	key := c.Tag
	if p.TagPattern != nil {
		m := p.TagPattern.FindStringSubmatch(c.Tag)
		if m == nil {
			return c, "", false
		}
		if i := p.TagPattern.SubexpIndex("version"); i > 0 {
			c.Version = m[i]
		}
		key = c.Version
		if p.SortKey != "" {
			key = m[p.TagPattern.SubexpIndex(p.SortKey)]
		}
	}
	if p.Kind == PolicySemver {
		v, err := semver.NewVersion(c.Version)
		if err != nil || !p.Constraint.Check(v) {
			return c, "", false
		}
	}
	if p.Kind == PolicyRegexp && p.Sort == SortNumeric {
		if _, ok := new(big.Int).SetString(key, 10); !ok {
			return c, "", false
		}
	}
	return c, key, true
}

func (p *Policy) less(a, b string) bool {
	if p.Sort == SortNumeric {
		x, _ := new(big.Int).SetString(a, 10)
		y, _ := new(big.Int).SetString(b, 10)
		return x.Cmp(y) < 0
	}
	return a < b
}

func mustVersion(s string) *semver.Version {
	v, err := semver.NewVersion(s)
	if err != nil {
		panic(err) // accept let only parseable versions through
	}
	return v
}
