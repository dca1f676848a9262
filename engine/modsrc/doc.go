// Package modsrc parses module source addresses — the `source` argument of
// a module block — by Terraform's rules, into one of three kinds:
//
//   - Local: "./modules/net", "../shared" — a directory relative to the
//     calling module, never copied;
//   - Registry: "[HOST/]NAMESPACE/NAME/PROVIDER[//SUBDIR]" — resolved through
//     the module registry protocol, with a version constraint;
//   - Remote: everything else, after go-getter's detectors have turned
//     shorthands into a full package address with a forced getter
//     ("github.com/org/repo" becomes "git::https://github.com/org/repo.git").
//
// String gives the normalised form Terraform records in modules.json and
// compares against on later runs.
//
// ParseCall gives Terraform's located diagnostics for a module block's
// source. It is vocabulary: it imports only the standard library and hcl. It must not
// import the fetcher, the installer, the config loader or go-git.
package modsrc
