package cliconfig

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/engine/getproviders"
)

// Env is what building the installation sources reads from the process.
type Env struct {
	// WorkDir is the stack directory (for the implied terraform.d/plugins).
	WorkDir string
	Home    string
	Getenv  func(string) string
	// Client makes the registry's and network mirrors' HTTP requests.
	Client *http.Client
}

// Installation is how providers are installed: the sources in order, and
// whether the CLI configuration chose them explicitly.
type Installation struct {
	Source getproviders.MultiSource
	// Explicit is true when a provider_installation block (or -plugin-dir)
	// chose the methods; false for the implied local mirrors and registry.
	Explicit bool
	// Methods names, for each selector of Source by index, the method as
	// init prints it ("filesystem_mirror /srv/mirror", "direct").
	Methods []string
	// DevOverrides maps a provider to the directory holding its executable.
	DevOverrides map[getproviders.Provider]string
}

// Installation builds the sources of cfg's provider_installation block, or
// the implied ones when there is none.
func (cfg *Config) Installation(env Env) (*Installation, error) {
	if cfg.ProviderInstallation == nil {
		return ImpliedInstallation(env), nil
	}
	inst := &Installation{Explicit: true, DevOverrides: cfg.ProviderInstallation.DevOverrides}
	for _, m := range cfg.ProviderInstallation.Methods {
		var src getproviders.Source
		switch m.Kind {
		case Direct:
			src = getproviders.NewRegistrySource(env.Client)
		case FilesystemMirror:
			src = getproviders.NewFilesystemMirror(m.Location)
		case NetworkMirror:
			nm, err := getproviders.NewNetworkMirror(m.Location, env.Client)
			if err != nil {
				return nil, err
			}
			src = nm
		}
		inst.add(getproviders.Selector{Source: src, Include: m.Include, Exclude: m.Exclude}, methodName(m))
	}
	return inst, nil
}

func methodName(m Method) string {
	if m.Kind == Direct {
		return "direct"
	}
	return string(m.Kind) + " " + m.Location
}

func (inst *Installation) add(sel getproviders.Selector, name string) {
	inst.Source = append(inst.Source, sel)
	inst.Methods = append(inst.Methods, name)
}

// PluginDirInstallation is what init -plugin-dir=DIR uses: those
// directories as filesystem mirrors and nothing else.
func PluginDirInstallation(dirs []string) *Installation {
	inst := &Installation{Explicit: true}
	for _, d := range dirs {
		inst.add(getproviders.Selector{Source: getproviders.NewFilesystemMirror(d)}, "-plugin-dir "+d)
	}
	return inst
}

// ImpliedLocalDirs returns Terraform's implied local mirror directories that
// exist: terraform.d/plugins in the stack, ~/.terraform.d/plugins, and
// terraform/plugins under the XDG data directories.
func ImpliedLocalDirs(env Env) []string {
	getenv := env.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	dirs := []string{filepath.Join(env.WorkDir, "terraform.d", "plugins")}
	if env.Home != "" {
		dirs = append(dirs, filepath.Join(env.Home, ".terraform.d", "plugins"))
	}
	dataHome := getenv("XDG_DATA_HOME")
	if dataHome == "" && env.Home != "" {
		dataHome = filepath.Join(env.Home, ".local", "share")
	}
	dataDirs := getenv("XDG_DATA_DIRS")
	if dataDirs == "" {
		dataDirs = "/usr/local/share/:/usr/share/"
	}
	for _, d := range append([]string{dataHome}, strings.Split(dataDirs, ":")...) {
		if d != "" {
			dirs = append(dirs, filepath.Join(d, "terraform", "plugins"))
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range dirs {
		if info, err := os.Stat(d); err == nil && info.IsDir() && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// ImpliedInstallation is Terraform's default without a
// provider_installation block: each existing implied local directory as a
// filesystem mirror, then the registry for every provider not found in
// them.
func ImpliedInstallation(env Env) *Installation {
	inst := &Installation{}
	var found getproviders.Patterns
	for _, dir := range ImpliedLocalDirs(env) {
		here := providersIn(dir)
		if len(here) == 0 {
			continue
		}
		inst.add(getproviders.Selector{Source: getproviders.NewFilesystemMirror(dir), Include: here}, "implied local mirror "+dir)
		found = append(found, here...)
	}
	inst.add(getproviders.Selector{Source: getproviders.NewRegistrySource(env.Client), Exclude: found}, "direct")
	return inst
}

// providersIn lists, as exact patterns, the providers a mirror directory
// holds.
func providersIn(dir string) getproviders.Patterns {
	var out getproviders.Patterns
	hosts, _ := os.ReadDir(dir)
	for _, h := range hosts {
		nss, _ := os.ReadDir(filepath.Join(dir, h.Name()))
		for _, ns := range nss {
			types, _ := os.ReadDir(filepath.Join(dir, h.Name(), ns.Name()))
			for _, t := range types {
				out = append(out, getproviders.Pattern{Hostname: h.Name(), Namespace: ns.Name(), Type: t.Name()})
			}
		}
	}
	return out
}

// MethodFor returns the name of the first method that may serve p, or "".
func (inst *Installation) MethodFor(p getproviders.Provider) string {
	if _, ok := inst.DevOverrides[p]; ok {
		return "dev_overrides"
	}
	for i, sel := range inst.Source {
		if sel.CanHandle(p) {
			return inst.Methods[i]
		}
	}
	return ""
}

// String describes the methods, for errors.
func (inst *Installation) String() string {
	if len(inst.Methods) == 0 {
		return "no installation methods"
	}
	return fmt.Sprintf("the installation methods %s", strings.Join(inst.Methods, ", "))
}
