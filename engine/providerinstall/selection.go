package providerinstall

import (
	"github.com/trueup/trueup/engine/getproviders"
)

// Kind says what serves a provider.
type Kind int

// Kinds of selection.
const (
	Builtin Kind = iota
	Plugin
)

// String returns "built-in" or "plugin".
func (k Kind) String() string {
	if k == Builtin {
		return "built-in"
	}
	return "plugin"
}

// Selection is the installer's decision for one required provider: what
// cmd registers under each of LocalNames.
type Selection struct {
	Provider   getproviders.Provider
	LocalNames []string
	Kind       Kind
	// Version is the plugin's version; zero for a built-in provider and a
	// dev override.
	Version getproviders.Version
	// Executable is the plugin's executable; "" for a built-in provider.
	Executable string
	// Reason says why this kind was chosen, for init's output and
	// `trueup providers`.
	Reason string
}

// VersionString returns the version for display, "" when none.
func (s Selection) VersionString() string {
	if s.Version == (getproviders.Version{}) {
		return ""
	}
	return s.Version.String()
}
