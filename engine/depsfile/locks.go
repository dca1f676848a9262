package depsfile

import (
	"sort"

	"github.com/trueup/trueup/engine/getproviders"
)

// FileName is the lock file's name in a stack directory.
const FileName = ".terraform.lock.hcl"

// Locks holds the lock file's provider entries.
type Locks struct {
	providers map[getproviders.Provider]*ProviderLock
}

// ProviderLock is one provider block.
type ProviderLock struct {
	Provider getproviders.Provider
	Version  getproviders.Version
	// Constraints is the canonical constraints string, "" when none.
	Constraints string
	// Hashes are sorted and unique.
	Hashes []getproviders.Hash
}

// NewLocks returns empty locks.
func NewLocks() *Locks {
	return &Locks{providers: map[getproviders.Provider]*ProviderLock{}}
}

// Provider returns the entry of p, or nil.
func (l *Locks) Provider(p getproviders.Provider) *ProviderLock {
	return l.providers[p]
}

// SetProvider records p's entry, replacing any previous one; hashes are
// de-duplicated and sorted.
func (l *Locks) SetProvider(p getproviders.Provider, v getproviders.Version, constraints string, hashes []getproviders.Hash) *ProviderLock {
	lock := &ProviderLock{Provider: p, Version: v, Constraints: constraints, Hashes: getproviders.Hashes(hashes).Normalize()}
	l.providers[p] = lock
	return lock
}

// RemoveProvider drops p's entry.
func (l *Locks) RemoveProvider(p getproviders.Provider) { delete(l.providers, p) }

// AllProviders returns the entries sorted by address.
func (l *Locks) AllProviders() []*ProviderLock {
	out := make([]*ProviderLock, 0, len(l.providers))
	for _, lock := range l.providers {
		out = append(out, lock)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Provider.LessThan(out[j].Provider) })
	return out
}

// Equal reports whether l and o record the same entries.
func (l *Locks) Equal(o *Locks) bool {
	a, b := SaveBytes(l), SaveBytes(o)
	return string(a) == string(b)
}

// HasHash reports whether the entry lists h.
func (pl *ProviderLock) HasHash(h getproviders.Hash) bool {
	for _, x := range pl.Hashes {
		if x == h {
			return true
		}
	}
	return false
}
