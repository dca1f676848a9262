// Package providercache installs provider packages on disk, in Terraform's
// layout DIR/HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/: a stack's
// .terraform/providers and the shared plugin_cache_dir. Installing into a
// shared cache is safe when many processes do it at once: each package is
// installed under an exclusive file lock, unpacked into a temporary
// directory beside its final place and renamed into place, so a reader sees
// either nothing or a complete package (terraform#31964 is what happens
// otherwise).
//
// It imports engine/getproviders and nothing else of the engine.
package providercache
