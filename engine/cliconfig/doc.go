// Package cliconfig reads Terraform's CLI configuration: the files
// (TF_CLI_CONFIG_FILE, ~/.terraformrc, ~/.terraform.d/*.tfrc), the
// provider_installation block (filesystem_mirror, network_mirror, direct,
// dev_overrides, each with include/exclude), plugin_cache_dir /
// TF_PLUGIN_CACHE_DIR and plugin_cache_may_break_dependency_lock_file, and
// the implied local mirror directories used when there is no
// provider_installation block. Bad files give located hcl diagnostics.
//
// It imports engine/getproviders for addresses and patterns and nothing
// else of the engine.
package cliconfig
