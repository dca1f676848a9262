package providerinstall

import (
	"context"
	"fmt"
	"net/http"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providercache"
)

// LockHooks receive `providers lock` progress.
type LockHooks interface {
	Fetching(p getproviders.Provider, v getproviders.Version, platform getproviders.Platform)
	Retrieved(p getproviders.Provider, v getproviders.Version, platform getproviders.Platform, auth string)
}

// SelectVersion returns the version to lock or mirror: the lock file's when
// it still meets the constraints, else the newest the source offers that
// does.
func SelectVersion(ctx context.Context, src getproviders.Source, req Requirement, prior *depsfile.Locks) (getproviders.Version, error) {
	if lock := prior.Provider(req.Provider); lock != nil && getproviders.Meets(lock.Version, req.Constraints) {
		return lock.Version, nil
	}
	available, err := src.AvailableVersions(ctx, req.Provider)
	if err != nil {
		return getproviders.Version{}, err
	}
	v, ok := getproviders.Newest(available, req.Constraints)
	if !ok {
		return getproviders.Version{}, fmt.Errorf("no available version of %s matches %q (available: %s)", req.Provider, getproviders.ConstraintsString(req.Constraints), versionList(available))
	}
	return v, nil
}

// LockPlatforms computes the lock entries of reqs for every platform from
// src, as `terraform providers lock` does: each package is fetched and
// checked, and its h1: hash (with the source's zh: hashes) recorded. The
// entries of other providers in prior are kept.
func LockPlatforms(ctx context.Context, src getproviders.Source, reqs []Requirement, prior *depsfile.Locks, platforms []getproviders.Platform, client *http.Client, hooks LockHooks) (*depsfile.Locks, error) {
	out := depsfile.NewLocks()
	for _, l := range prior.AllProviders() {
		out.SetProvider(l.Provider, l.Version, l.Constraints, l.Hashes)
	}
	for _, req := range reqs {
		v, err := SelectVersion(ctx, src, req, prior)
		if err != nil {
			return nil, err
		}
		var hashes []getproviders.Hash
		if lock := prior.Provider(req.Provider); lock != nil && lock.Version.Same(v) {
			hashes = append(hashes, lock.Hashes...)
		}
		for _, platform := range platforms {
			hooks.Fetching(req.Provider, v, platform)
			meta, err := src.PackageMeta(ctx, req.Provider, v, platform)
			if err != nil {
				return nil, err
			}
			got, err := providercache.PackageHashes(ctx, meta, client)
			if err != nil {
				return nil, err
			}
			hooks.Retrieved(req.Provider, v, platform, meta.Authentication)
			hashes = append(append(hashes, got[0]), meta.Hashes...)
		}
		out.SetProvider(req.Provider, v, getproviders.ConstraintsString(req.Constraints), hashes)
	}
	return out, nil
}
