package modinstall

import (
	"context"
	"os"
	"path"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modsdir"
	"github.com/trueup/trueup/engine/modsrc"
)

// installRemote fetches a package from a go-getter-style address.
func (in *installer) installRemote(ctx context.Context, parent node, path []string, c Call, s modsrc.Remote) (node, bool) {
	key := modsdir.Key(path)
	if n, ok := in.reuse(parent, key, s.String(), c); ok {
		return n, true
	}
	in.opts.Hooks.Download(key, modsrc.Redact(s.Package), "")
	pkgRead, err := in.fetchPackage(ctx, key, s.Package)
	if err != nil {
		in.diags = append(in.diags, downloadFailed(c, s.String(), err))
		return node{}, false
	}
	return in.placed(key, s.Subdir, s.String(), "", c, pkgRead)
}

// installRegistry picks the newest version meeting the constraint, asks
// the registry where it is and fetches it from there.
func (in *installer) installRegistry(ctx context.Context, parent node, path []string, c Call, s modsrc.Registry) (node, bool) {
	key := modsdir.Key(path)
	if n, ok := in.reuse(parent, key, s.String(), c); ok {
		return n, true
	}
	v, ok := in.selectVersion(ctx, c, s)
	if !ok {
		return node{}, false
	}
	in.opts.Hooks.Download(key, s.Package(), v)
	real, d := in.location(ctx, c, s, v)
	if d != nil {
		in.diags = append(in.diags, d)
		return node{}, false
	}
	pkgRead, err := in.fetchPackage(ctx, key, real.Package)
	if err != nil {
		in.diags = append(in.diags, downloadFailed(c, real.String(), err))
		return node{}, false
	}
	return in.placed(key, joinSubdirs(real.Subdir, s.Subdir), s.String(), v, c, pkgRead)
}

// location asks the registry where a version is; it must be a remote
// package address.
func (in *installer) location(ctx context.Context, c Call, s modsrc.Registry, v string) (modsrc.Remote, *hcl.Diagnostic) {
	id := s.Package() + " " + v
	loc, ok := in.locations[id]
	if !ok {
		var err error
		if loc, err = in.opts.Registry.Location(ctx, s, v); err != nil {
			return modsrc.Remote{}, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Error accessing remote module registry",
				Detail:  "Failed to retrieve a download URL for " + s.Package() + " " + v + " from " + s.Host + ": " + err.Error(),
				Subject: c.SourceRange.Ptr()}
		}
		in.locations[id] = loc
	}
	real, err := modsrc.Parse(loc)
	remote, isRemote := real.(modsrc.Remote)
	if err != nil || !isRemote {
		why := "must be a direct remote package address"
		if err != nil {
			why = err.Error()
		}
		return modsrc.Remote{}, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid package location from module registry",
			Detail:  "Module registry " + s.Host + " returned invalid source location \"" + modsrc.Redact(loc) + "\" for " + s.Package() + " " + v + ": " + why + ".",
			Subject: c.SourceRange.Ptr()}
	}
	return remote, nil
}

// joinSubdirs puts the user's subdirectory under the registry's.
func joinSubdirs(fromRegistry, given string) string {
	switch {
	case fromRegistry != "" && given != "":
		return path.Join(fromRegistry, given)
	case given != "":
		return given
	}
	return fromRegistry
}

// reuse keeps an installed module whose record still matches the call,
// unless upgrading or its caller was fetched anew.
func (in *installer) reuse(parent node, key, source string, c Call) (node, bool) {
	rec, ok := in.prev[key]
	if in.opts.Upgrade || parent.fresh || !ok || rec.Source != source || !versionStillMeets(rec.Version, c.Version) {
		return node{}, false
	}
	pkgFinal := filepath.Join(in.opts.ModulesDir, key)
	read := onDisk(in.opts.StackDir, rec.Dir)
	if info, err := os.Stat(read); err != nil || !info.IsDir() || escapes(pkgFinal, rec.Dir) {
		return node{}, false
	}
	in.log.Debug("already installed", "key", key, "dir", rec.Dir)
	in.next[key] = rec
	return node{readDir: read, finalDir: rec.Dir, pkgFinal: pkgFinal, pkgRead: onDisk(in.opts.StackDir, pkgFinal)}, true
}

// placed finds the module's directory in a fetched package and records it.
func (in *installer) placed(key, subdir, source, version string, c Call, pkgRead string) (node, bool) {
	rel, err := getmodules.ExpandSubdir(pkgRead, subdir)
	if err != nil {
		in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module subdirectory not found",
			Detail:  "Cannot use the subdirectory \"" + subdir + "\" of module \"" + c.Name + "\" (" + at(c) + ") from " + modsrc.Redact(source) + ": " + err.Error() + ".",
			Subject: c.SourceRange.Ptr()})
		return node{}, false
	}
	pkgFinal := filepath.Join(in.opts.ModulesDir, key)
	final := filepath.Join(pkgFinal, rel)
	in.next[key] = modsdir.Record{Key: key, Source: source, Version: version, Dir: final}
	in.opts.Hooks.Install(key, version, final)
	return node{readDir: filepath.Join(pkgRead, rel), finalDir: final, pkgFinal: pkgFinal, pkgRead: pkgRead, fresh: true}, true
}
