package providerinstall

import "github.com/trueup/trueup/engine/getproviders"

// Hooks receive the installer's progress; cmd prints it as Terraform's
// init does. Calls come from one goroutine, in order.
type Hooks interface {
	// FindingVersions: the installer asks the sources for p's versions
	// meeting constraints ("" when any version will do).
	FindingVersions(p getproviders.Provider, constraints string)
	// ReusingLocked: the lock file's version is kept.
	ReusingLocked(p getproviders.Provider, v getproviders.Version)
	// UsingInstalled: the stack already has that package.
	UsingInstalled(p getproviders.Provider, v getproviders.Version)
	// Installing and Installed bracket one package's installation;
	// auth says what was verified, fromCache that it came from the
	// shared plugin cache.
	Installing(p getproviders.Provider, v getproviders.Version)
	Installed(p getproviders.Provider, v getproviders.Version, auth string, fromCache bool)
	// UsingBuiltin: a provider built into trueup serves p.
	UsingBuiltin(p getproviders.Provider, reason string)
	// UsingDevOverride: a dev_overrides entry serves p from dir.
	UsingDevOverride(p getproviders.Provider, dir string)
}

// NoopHooks does nothing; embed it to implement only some hooks.
type NoopHooks struct{}

var _ Hooks = NoopHooks{}

// FindingVersions does nothing.
func (NoopHooks) FindingVersions(getproviders.Provider, string) {}

// ReusingLocked does nothing.
func (NoopHooks) ReusingLocked(getproviders.Provider, getproviders.Version) {}

// UsingInstalled does nothing.
func (NoopHooks) UsingInstalled(getproviders.Provider, getproviders.Version) {}

// Installing does nothing.
func (NoopHooks) Installing(getproviders.Provider, getproviders.Version) {}

// Installed does nothing.
func (NoopHooks) Installed(getproviders.Provider, getproviders.Version, string, bool) {}

// UsingBuiltin does nothing.
func (NoopHooks) UsingBuiltin(getproviders.Provider, string) {}

// UsingDevOverride does nothing.
func (NoopHooks) UsingDevOverride(getproviders.Provider, string) {}
