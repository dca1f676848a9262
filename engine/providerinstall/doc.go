// Package providerinstall decides, for each required provider, whether a
// built-in provider or a plugin serves it, installs the plugins (from the
// CLI configuration's sources, through the shared plugin cache) and keeps
// the dependency lock file. Its result is one Selection per provider, from
// which cmd builds the provider registry.
//
// The rule (docs/provider-installation.md): a provider_installation method
// (or -plugin-dir, or a dev override) that serves an address makes it a
// plugin, installed exactly as Terraform would; without one, a built-in
// provider serves hashicorp/NAME for its names, and every other address is
// installed from the implied local mirrors and its registry.
//
// It never prints: progress goes through Hooks. It must not import cmd or
// any concrete provider.
package providerinstall
