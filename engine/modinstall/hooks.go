package modinstall

// Hooks receives installation progress, for the CLI to print Terraform's
// lines ("Downloading SOURCE for KEY...", "- KEY in DIR"). Calls come
// from one goroutine, in the order of the walk. Embed NoHooks to
// implement only some.
type Hooks interface {
	// Download is called before a package is fetched: pkg is the package
	// address (without subdirectory), version the registry version or "".
	Download(key, pkg, version string)
	// Install is called when a module is newly installed or its record
	// changed: dir is relative to the stack directory.
	Install(key, version, dir string)
}

// NoHooks ignores every event.
type NoHooks struct{}

// Download does nothing.
func (NoHooks) Download(key, pkg, version string) {}

// Install does nothing.
func (NoHooks) Install(key, version, dir string) {}
