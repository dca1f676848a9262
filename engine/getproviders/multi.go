package getproviders

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Pattern matches provider addresses: each of host, namespace and type is a
// name or "*" ("hashicorp/*", "example.com/*/*"). A namespace wildcard needs
// a type wildcard.
type Pattern struct {
	Hostname, Namespace, Type string
}

// ParsePattern parses a pattern of an include or exclude list.
func ParsePattern(s string) (Pattern, error) {
	parts := strings.Split(s, "/")
	var p Pattern
	switch len(parts) {
	case 2:
		p = Pattern{DefaultRegistryHost, parts[0], parts[1]}
	case 3:
		p = Pattern{parts[0], parts[1], parts[2]}
	default:
		return Pattern{}, fmt.Errorf("invalid provider pattern %q: a pattern is [HOSTNAME/]NAMESPACE/TYPE, where each part may be *", s)
	}
	p.Hostname, p.Namespace, p.Type = strings.ToLower(p.Hostname), strings.ToLower(p.Namespace), strings.ToLower(p.Type)
	if p.Namespace == "*" && p.Type != "*" {
		return Pattern{}, fmt.Errorf("invalid provider pattern %q: a namespace wildcard needs a type wildcard", s)
	}
	for _, part := range []string{p.Hostname, p.Namespace, p.Type} {
		if part == "" || (part != "*" && strings.Contains(part, "*")) {
			return Pattern{}, fmt.Errorf("invalid provider pattern %q: each part is a name or *", s)
		}
	}
	return p, nil
}

// Matches reports whether p matches the pattern.
func (pat Pattern) Matches(p Provider) bool {
	match := func(want, got string) bool { return want == "*" || want == got }
	return match(pat.Hostname, p.Hostname) && match(pat.Namespace, p.Namespace) && match(pat.Type, p.Type)
}

// Patterns is an include or exclude list.
type Patterns []Pattern

// Matches reports whether any pattern matches p.
func (ps Patterns) Matches(p Provider) bool {
	for _, pat := range ps {
		if pat.Matches(p) {
			return true
		}
	}
	return false
}

// Selector is one source of a MultiSource with the providers it may serve:
// those matching Include (all when empty) and not matching Exclude.
type Selector struct {
	Source  Source
	Include Patterns
	Exclude Patterns
}

// CanHandle reports whether the selector may serve p.
func (s Selector) CanHandle(p Provider) bool {
	if s.Exclude.Matches(p) {
		return false
	}
	return len(s.Include) == 0 || s.Include.Matches(p)
}

// MultiSource combines sources by Terraform's rules: a provider's available
// versions are the union of those of every source allowed to serve it, and
// a version's package comes from the first such source, in order, that
// has it.
type MultiSource []Selector

// CanHandle reports whether any selector may serve p.
func (m MultiSource) CanHandle(p Provider) bool {
	for _, s := range m {
		if s.CanHandle(p) {
			return true
		}
	}
	return false
}

func (m MultiSource) String() string {
	names := make([]string, len(m))
	for i, s := range m {
		names[i] = s.Source.String()
	}
	return strings.Join(names, ", ")
}

// AvailableVersions merges the versions of every source allowed to serve p.
func (m MultiSource) AvailableVersions(ctx context.Context, p Provider) (VersionList, error) {
	seen := map[string]bool{}
	var list VersionList
	var tried []string
	found := false
	for _, s := range m {
		if !s.CanHandle(p) {
			continue
		}
		tried = append(tried, s.Source.String())
		vs, err := s.Source.AvailableVersions(ctx, p)
		var nf *ErrProviderNotFound
		if errors.As(err, &nf) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = true
		for _, v := range vs {
			if !seen[v.String()] {
				seen[v.String()] = true
				list = append(list, v)
			}
		}
	}
	if !found {
		return nil, &ErrProviderNotFound{Provider: p, Sources: tried}
	}
	list.Sort()
	return list, nil
}

// PackageMeta asks each allowed source in order for the package.
func (m MultiSource) PackageMeta(ctx context.Context, p Provider, v Version, platform Platform) (PackageMeta, error) {
	for _, s := range m {
		if !s.CanHandle(p) {
			continue
		}
		meta, err := s.Source.PackageMeta(ctx, p, v, platform)
		var nv *ErrVersionNotFound
		var nf *ErrProviderNotFound
		if errors.As(err, &nv) || errors.As(err, &nf) {
			continue
		}
		return meta, err
	}
	return PackageMeta{}, &ErrVersionNotFound{Provider: p, Version: v, Platform: platform, Source: m.String()}
}
