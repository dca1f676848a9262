package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/trueup/trueup/engine/source"
)

// srcFlags select a git source instead of the current directory:
// -repo=URL -ref=REF -path=SUBDIR, with credentials by reference only.
type srcFlags struct {
	repo, ref, path string
	tokenEnv        string
	sshKey          string
	cacheDir        string
}

func (s *srcFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.repo, "repo", "", "Read the configuration from this git repository (file://, path, https://, ssh://, git://)")
	fs.StringVar(&s.ref, "ref", "", "Branch, tag, ref or commit of -repo (default: the remote's HEAD)")
	fs.StringVar(&s.path, "path", "", "Subdirectory of -repo holding the stack")
	fs.StringVar(&s.tokenEnv, "repo-token-env", "", "Environment variable holding an HTTPS token for -repo")
	fs.StringVar(&s.sshKey, "repo-ssh-key", "", "SSH private key file for -repo")
	fs.StringVar(&s.cacheDir, "repo-cache", "", "Directory caching clones (default ~/.cache/trueup/git)")
}

// stackSource is the directory of the stack to operate on, and where it came
// from when it is a git checkout.
type stackSource struct {
	dir, commit, source string
}

// resolve fetches -repo when given; otherwise the stack is the current
// directory.
func (s *srcFlags) resolve(ctx context.Context) (stackSource, error) {
	if s.repo == "" {
		if s.ref != "" || s.path != "" {
			return stackSource{}, fmt.Errorf("-ref and -path need -repo")
		}
		return stackSource{dir: "."}, nil
	}
	co, err := source.Fetch(ctx, source.Options{
		URL: s.repo, Ref: s.ref, Path: s.path, CacheDir: s.cacheDir, Log: logger(),
		Auth: source.Auth{TokenEnv: s.tokenEnv, SSHKeyFile: s.sshKey, SSHAgent: s.sshKey == ""},
	})
	if err != nil {
		return stackSource{}, err
	}
	return stackSource{dir: co.Dir, commit: co.Commit, source: co.Source}, nil
}
