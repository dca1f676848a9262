// Package sources opens the artifact source an artifact block describes:
// the one place that knows every source implementation. It imports the
// artifacts vocabulary, its config and the source packages, nothing else
// of trueup.
package sources

import (
	"context"
	"fmt"
	"os"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/oci"
	"github.com/trueup/trueup/engine/artifacts/s3src"
)

// Options adjust Open.
type Options struct {
	// Getenv reads an environment variable (registry credentials); nil
	// means os.Getenv.
	Getenv func(string) string
	// Releases opens the release source of a forge repository; nil means
	// release sources cannot be opened.
	Releases func(r *config.Release) (artifacts.Source, error)
}

// Open returns the source of a.
func Open(ctx context.Context, a *config.Artifact, o Options) (artifacts.Source, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	switch a.Kind {
	case config.SourceOCI:
		opts := oci.Options{Repository: a.OCI.Repository, Insecure: a.OCI.Insecure}
		if a.OCI.UsernameEnv != "" {
			opts.Username, opts.Password = o.Getenv(a.OCI.UsernameEnv), o.Getenv(a.OCI.PasswordEnv)
			if opts.Username == "" {
				return nil, fmt.Errorf("artifact %s: the environment variable %s (username_env) is empty", a.Name, a.OCI.UsernameEnv)
			}
		}
		return oci.New(opts)
	case config.SourceS3:
		return s3src.New(ctx, s3src.Options{Bucket: a.S3.Bucket, Prefix: a.S3.Prefix, Region: a.S3.Region,
			Endpoint: a.S3.Endpoint, UsePathStyle: a.S3.UsePathStyle})
	case config.SourceRelease:
		if o.Releases == nil {
			return nil, fmt.Errorf("artifact %s: release sources need a forge client, which is not configured here", a.Name)
		}
		return o.Releases(a.Release)
	}
	return nil, fmt.Errorf("artifact %s: unknown source kind %q", a.Name, a.Kind)
}
