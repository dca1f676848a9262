package main

import (
	"fmt"

	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/schema"
)

// PluginFactory makes the factory of a provider plugin from the
// installer's selection (address, version, executable).
type PluginFactory func(s providerinstall.Selection) schema.Factory

// pluginFactory runs a selected plugin through the plugin client: each
// provider configuration of an operation gets its own process, started on
// its first call and ended when the operation closes its providers.
func pluginFactory(s providerinstall.Selection) schema.Factory {
	return plugin.NewFactory(plugin.Meta{Addr: s.Provider.String(), Version: s.VersionString(), Executable: s.Executable, LogOutput: logOutput()})
}

// registryFor builds the provider registry an operation uses from the
// installer's selections: each local name of a built-in selection maps to
// its built-in factory, each of a plugin selection to plugin(executable,
// version). Each selection is also registered under its full source
// address ("registry.terraform.io/trueup/fw"), the key state records, so
// that a state object finds its provider whatever local name the
// configuration gives it. Built-in providers nobody required stay
// available under their own names. It fails when a plugin is selected and
// plugin is nil.
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
				return nil, fmt.Errorf("provider %s is served by a plugin (%s, %s), and no plugin client was given", s.Provider.ForDisplay(), s.Reason, s.Executable)
			}
			f = plugin(s)
		}
		for _, name := range s.LocalNames {
			reg[name] = f
		}
		reg[s.Provider.String()] = f
	}
	return reg, nil
}
