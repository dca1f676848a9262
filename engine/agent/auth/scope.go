package auth

import "fmt"

// Scope is what a principal may do. Each scope includes the ones below it.
type Scope int

// Scopes, from least to most.
const (
	// ScopeNone is no access: an unauthenticated request.
	ScopeNone Scope = iota
	// ScopeRead reads stacks, runs, plans and logs.
	ScopeRead
	// ScopeOperate also triggers plans, applies and drift checks.
	ScopeOperate
	// ScopeAdmin also manages tokens and reads the audit trail.
	ScopeAdmin
)

// String is the scope's name as the configuration and the CLI write it.
func (s Scope) String() string {
	switch s {
	case ScopeRead:
		return "read"
	case ScopeOperate:
		return "operate"
	case ScopeAdmin:
		return "admin"
	}
	return "none"
}

// Allows reports whether s includes need.
func (s Scope) Allows(need Scope) bool { return s >= need }

// ParseScope reads "read", "operate" or "admin".
func ParseScope(name string) (Scope, error) {
	for _, s := range []Scope{ScopeRead, ScopeOperate, ScopeAdmin} {
		if s.String() == name {
			return s, nil
		}
	}
	return ScopeNone, fmt.Errorf("unknown scope %q: use read, operate or admin", name)
}
