package promote

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// Repo is a configuration repository the promoter writes to.
type Repo struct {
	URL  string
	Auth transport.AuthMethod
	// AuthorName and AuthorEmail sign the commits.
	AuthorName, AuthorEmail string
}

// GitChange is one commit to make.
type GitChange struct {
	// Base is the branch the change starts from; Branch the one it is
	// pushed to (Base itself, or a promotion branch, which is replaced).
	Base, Branch string
	// Edit changes the files of the checkout at dir; the commit holds
	// whatever it changed.
	Edit func(dir string) error
	// Message is the commit message, asked for after Edit.
	Message func() string
}

// Committed is what Commit did.
type Committed struct {
	// Commit is the pushed commit's hash; "" when Edit changed nothing.
	Commit string
	// Pushed is false when Branch already held the same files.
	Pushed bool
}

// Commit clones ch.Base, lets ch.Edit change it, commits and pushes to
// ch.Branch. A promotion branch (Branch != Base) is force-pushed, so that a
// newer promotion replaces an older one; Base itself is only fast-forwarded.
func (r Repo) Commit(ctx context.Context, ch GitChange) (Committed, error) {
	dir, err := os.MkdirTemp("", "trueup-promote-")
	if err != nil {
		return Committed{}, err
	}
	defer os.RemoveAll(dir)
	repo, err := git.PlainCloneContext(ctx, dir, false, &git.CloneOptions{URL: r.URL, Auth: r.Auth,
		ReferenceName: plumbing.NewBranchReferenceName(ch.Base), SingleBranch: true})
	if err != nil {
		return Committed{}, fmt.Errorf("cloning %s (branch %s): %w", r.URL, ch.Base, err)
	}
	if err := ch.Edit(dir); err != nil {
		return Committed{}, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return Committed{}, err
	}
	st, err := wt.Status()
	if err != nil {
		return Committed{}, err
	}
	if st.IsClean() {
		return Committed{}, nil
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return Committed{}, err
	}
	sig := &object.Signature{Name: r.AuthorName, Email: r.AuthorEmail, When: time.Now()}
	h, err := wt.Commit(ch.Message(), &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		return Committed{}, err
	}
	if ch.Branch != ch.Base && r.sameTree(ctx, repo, h, ch.Branch) {
		return Committed{Commit: h.String()}, nil
	}
	spec := fmt.Sprintf("refs/heads/%s:refs/heads/%s", ch.Base, ch.Branch)
	if ch.Branch != ch.Base {
		spec = "+" + spec
	}
	err = repo.PushContext(ctx, &git.PushOptions{RemoteName: "origin", Auth: r.Auth, RefSpecs: []gitconfig.RefSpec{gitconfig.RefSpec(spec)}})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return Committed{}, fmt.Errorf("pushing to %s (branch %s): %w", r.URL, ch.Branch, err)
	}
	return Committed{Commit: h.String(), Pushed: true}, nil
}

// sameTree reports whether branch on the remote already holds the files of
// commit h (a promotion pushed before, with the base unchanged since).
func (r Repo) sameTree(ctx context.Context, repo *git.Repository, h plumbing.Hash, branch string) bool {
	ref := plumbing.NewRemoteReferenceName("origin", branch)
	err := repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", Auth: r.Auth,
		RefSpecs: []gitconfig.RefSpec{gitconfig.RefSpec("+refs/heads/" + branch + ":" + ref.String())}})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return false // no such branch yet
	}
	remote, err := repo.Reference(ref, true)
	if err != nil {
		return false
	}
	theirs, err1 := repo.CommitObject(remote.Hash())
	ours, err2 := repo.CommitObject(h)
	if err1 != nil || err2 != nil {
		return false
	}
	return theirs.TreeHash == ours.TreeHash && len(theirs.ParentHashes) == 1 && len(ours.ParentHashes) == 1 &&
		theirs.ParentHashes[0] == ours.ParentHashes[0]
}

// TokenAuth is HTTPS basic authentication with an API token, as GitHub
// and GitLab accept it for git.
func TokenAuth(token string) transport.AuthMethod {
	return &githttp.BasicAuth{Username: "x-access-token", Password: token}
}
