package cliconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/trueup/trueup/engine/getproviders"
)

// Config is the merged CLI configuration.
type Config struct {
	// PluginCacheDir is the shared plugin cache, "" when none.
	PluginCacheDir string
	// PluginCacheMayBreakLockFile lets init use a cached package whose
	// hashes the lock file does not yet list (Terraform's
	// plugin_cache_may_break_dependency_lock_file).
	PluginCacheMayBreakLockFile bool
	// ProviderInstallation is the provider_installation block, nil when
	// absent (then the implied methods apply).
	ProviderInstallation *ProviderInstallation
	// Files holds the parsed files, for printing diagnostics.
	Files map[string]*hcl.File
}

// ProviderInstallation is the provider_installation block.
type ProviderInstallation struct {
	Methods []Method
	// DevOverrides maps a provider to a directory holding its executable.
	DevOverrides map[getproviders.Provider]string
	DeclRange    hcl.Range
}

// MethodKind is an installation method's block type.
type MethodKind string

// The installation methods.
const (
	Direct           MethodKind = "direct"
	FilesystemMirror MethodKind = "filesystem_mirror"
	NetworkMirror    MethodKind = "network_mirror"
)

// Method is one installation method block.
type Method struct {
	Kind MethodKind
	// Location is the mirror's path or URL, "" for direct.
	Location  string
	Include   getproviders.Patterns
	Exclude   getproviders.Patterns
	DeclRange hcl.Range
}

// Serves reports whether the method may install p.
func (m Method) Serves(p getproviders.Provider) bool {
	return getproviders.Selector{Include: m.Include, Exclude: m.Exclude}.CanHandle(p)
}

// Files returns the CLI configuration files to read, in order: the file
// named by TF_CLI_CONFIG_FILE (or the legacy TERRAFORM_CONFIG) alone when
// set, else ~/.terraformrc followed by ~/.terraform.d/*.tfrc.
func Files(getenv func(string) string, home string) []string {
	if f := getenv("TF_CLI_CONFIG_FILE"); f != "" {
		return []string{f}
	}
	if f := getenv("TERRAFORM_CONFIG"); f != "" {
		return []string{f}
	}
	files := []string{filepath.Join(home, ".terraformrc")}
	extra, _ := filepath.Glob(filepath.Join(home, ".terraform.d", "*.tfrc"))
	sort.Strings(extra)
	return append(files, extra...)
}

// Load reads the CLI configuration as Terraform does, from the process's
// environment and home directory.
func Load() (*Config, hcl.Diagnostics) {
	home, _ := os.UserHomeDir()
	return LoadFiles(Files(os.Getenv, home), os.Getenv)
}

// LoadFiles merges the given files (missing ones are skipped; a missing
// TF_CLI_CONFIG_FILE gives a warning, as in Terraform) and applies the
// environment:
// TF_PLUGIN_CACHE_DIR overrides plugin_cache_dir and
// TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE sets its flag.
func LoadFiles(files []string, getenv func(string) string) (*Config, hcl.Diagnostics) {
	cfg := &Config{Files: map[string]*hcl.File{}}
	var diags hcl.Diagnostics
	parser := hclparse.NewParser()
	explicit := getenv("TF_CLI_CONFIG_FILE")
	for _, path := range files {
		src, err := os.ReadFile(path)
		switch {
		case os.IsNotExist(err) && path == explicit:
			// Terraform warns and goes on without it.
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unable to open CLI configuration file", Detail: fmt.Sprintf("The CLI configuration file at %q does not exist.", path)})
			continue
		case os.IsNotExist(err):
			continue
		case err != nil:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unable to open CLI configuration file", Detail: fmt.Sprintf("The CLI configuration file at %q cannot be read: %v.", path, err)})
			continue
		}
		rest, overrides, cutDiags := cutDevOverrides(src, path)
		diags = append(diags, cutDiags...)
		f, parseDiags := parser.ParseHCL(rest, path)
		diags = append(diags, parseDiags...)
		if f == nil || parseDiags.HasErrors() {
			continue
		}
		f.Bytes = src // print diagnostics with the original lines
		cfg.Files[path] = f
		diags = append(diags, cfg.decodeFile(f, overrides)...)
	}
	if dir := getenv("TF_PLUGIN_CACHE_DIR"); dir != "" {
		cfg.PluginCacheDir = dir
	}
	if v := getenv("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"); v != "" {
		b, err := strconv.ParseBool(v)
		cfg.PluginCacheMayBreakLockFile = err == nil && b || v != "0" && err != nil
	}
	return cfg, diags
}
