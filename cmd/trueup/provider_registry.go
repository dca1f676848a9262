package main

import (
	"fmt"

	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/schema"
)

// PluginFactory makes the factory of a provider plugin from its executable
// and version: the seam of the plugin client. nil until the plugin client
// is wired in.
type PluginFactory func(executable, version string) schema.Factory

// pluginFactory is the plugin client's constructor; the plugin branch sets
// it at merge.
var pluginFactory PluginFactory

// registryFor builds the provider registry an operation uses from the
// installer's selections: each local name of a built-in selection maps to
// its built-in factory, each of a plugin selection to plugin(executable,
// version). Built-in providers nobody required stay available under their
// own names, as before. It fails when a plugin is selected and plugin is
// nil.
func registryFor(sels []providerinstall.Selection, plugin PluginFactory) (schema.Registry, error) {
	builtins := builtinProviders()
	reg := schema.Registry{}
	for name, f := range builtins {
		reg[name] = f
	}
	for _, s := range sels {
		var f schema.Factory
		switch s.Kind {
		case providerinstall.Builtin:
			f = builtins[s.Provider.Type]
		case providerinstall.Plugin:
			if plugin == nil {
				return nil, fmt.Errorf("provider %s is served by a plugin (%s, %s), and trueup cannot run provider plugins yet: the plugin client is being wired in. Until then, use the built-in provider by removing the provider_installation method that serves this address", s.Provider.ForDisplay(), s.Reason, s.Executable)
			}
			f = plugin(s.Executable, s.VersionString())
		}
		for _, name := range s.LocalNames {
			reg[name] = f
		}
	}
	return reg, nil
}
