package oci

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/trueup/trueup/engine/artifacts"
)

// Options configure a Source.
type Options struct {
	// Repository is the repository reference, such as
	// "registry.example.com/team/web" or "127.0.0.1:5000/web".
	Repository string
	// Insecure allows plain HTTP to a registry that is not on loopback
	// (loopback registries are reached over HTTP anyway).
	Insecure bool
	// Username and Password, when Username is set, authenticate to the
	// registry before the Docker configuration file is consulted.
	Username, Password string
	// Transport carries the requests; nil means the default one.
	Transport http.RoundTripper
}

// Source lists and resolves the tags of one repository.
type Source struct {
	repo name.Repository
	opts []remote.Option
}

var _ artifacts.Source = (*Source)(nil)

// New returns a Source for o.Repository; it makes no request.
func New(o Options) (*Source, error) {
	var nopts []name.Option
	if o.Insecure {
		nopts = append(nopts, name.Insecure)
	}
	repo, err := name.NewRepository(o.Repository, nopts...)
	if err != nil {
		return nil, fmt.Errorf("invalid OCI repository %q: %w", o.Repository, err)
	}
	keychains := []authn.Keychain{}
	if o.Username != "" {
		keychains = append(keychains, staticKeychain{registry: repo.RegistryStr(),
			auth: authn.FromConfig(authn.AuthConfig{Username: o.Username, Password: o.Password})})
	}
	keychains = append(keychains, authn.DefaultKeychain)
	opts := []remote.Option{remote.WithAuthFromKeychain(authn.NewMultiKeychain(keychains...))}
	if o.Transport != nil {
		opts = append(opts, remote.WithTransport(o.Transport))
	}
	return &Source{repo: repo, opts: opts}, nil
}

// List returns every tag of the repository.
func (s *Source) List(ctx context.Context) ([]artifacts.Candidate, error) {
	tags, err := remote.List(s.repo, append(s.opts, remote.WithContext(ctx))...)
	if err != nil {
		return nil, fmt.Errorf("listing the tags of %s: %w", s.repo, err)
	}
	out := make([]artifacts.Candidate, 0, len(tags))
	for _, t := range tags {
		out = append(out, artifacts.Candidate{Tag: t, Version: t, Location: s.repo.String()})
	}
	return out, nil
}

// Resolve reads the manifest c.Tag names: its digest, and the image's
// creation time when it is an image (an index's time stays unknown).
func (s *Source) Resolve(ctx context.Context, c artifacts.Candidate) (artifacts.Candidate, error) {
	ref := s.repo.Tag(c.Tag)
	opts := append(s.opts, remote.WithContext(ctx))
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return c, fmt.Errorf("resolving %s: %w", ref, err)
	}
	c.Digest = desc.Digest.String()
	c.Location = s.repo.String()
	if desc.MediaType.IsImage() {
		img, err := desc.Image()
		if err != nil {
			return c, fmt.Errorf("reading %s: %w", ref, err)
		}
		cf, err := img.ConfigFile()
		if err != nil {
			return c, fmt.Errorf("reading the configuration of %s: %w", ref, err)
		}
		c.Created = cf.Created.Time
	}
	return c, nil
}

// staticKeychain answers for one registry with fixed credentials.
type staticKeychain struct {
	registry string
	auth     authn.Authenticator
}

// Resolve implements authn.Keychain.
func (k staticKeychain) Resolve(r authn.Resource) (authn.Authenticator, error) {
	if r.RegistryStr() == k.registry {
		return k.auth, nil
	}
	return authn.Anonymous, nil
}
