package promote

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/trueup/trueup/engine/artifacts/marker"
)

// History limits: how many commits Rollback and the rollback hold read.
const historyDepth = 500

var (
	promotionTrailer = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^Trueup-Promotion: (\S+) (\S+) (\S+)$`) })
	rollbackTrailer  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^Trueup-Rollback: (\S+) (\S+) (\S+) (\S+)$`) })
)

// ErrNothingToRollBack says the branch has no promotion to the stage that
// is not rolled back already.
var ErrNothingToRollBack = errors.New("no promotion to roll back")

// RolledBack is what Rollback did.
type RolledBack struct {
	Artifact, Stage, Build string
	// Reverted is the promotion commit; Commit the revert pushed.
	Reverted, Commit string
	// Values are the marked values restored ("file:line" → value).
	Values map[string]string
}

// Rollback reverts, on branch, the latest promotion of stage (of artifact,
// or of any artifact when it is "") not reverted yet: each marked value
// that promotion changed, and that still holds what it wrote, gets its
// value from before back. The revert is pushed to branch and carries a
// trailer that keeps the agent from promoting the same build to the stage
// again.
func (r Repo) Rollback(ctx context.Context, branch, stage, artifact string) (*RolledBack, error) {
	var out *RolledBack
	edit := func(dir string) error {
		repo, err := git.PlainOpen(dir)
		if err != nil {
			return err
		}
		c, a, build, err := findPromotion(repo, stage, artifact)
		if err != nil {
			return err
		}
		out = &RolledBack{Artifact: a, Stage: stage, Build: build, Reverted: c.Hash.String(), Values: map[string]string{}}
		return revertMarkers(dir, c, a, out)
	}
	msg := func() string {
		return fmt.Sprintf("Roll back %s %s in %s\n\nThis reverts commit %s.\n\nTrueup-Rollback: %s %s %s %s\n",
			out.Artifact, out.Build, out.Stage, out.Reverted, out.Artifact, out.Stage, out.Build, out.Reverted)
	}
	committed, err := r.Commit(ctx, GitChange{Base: branch, Branch: branch, Edit: edit, Message: msg})
	if err != nil {
		return nil, err
	}
	if committed.Commit == "" {
		return nil, fmt.Errorf("the promotion %s changed no value that is still in place", out.Reverted)
	}
	out.Commit = committed.Commit
	return out, nil
}

// findPromotion walks back from HEAD to the newest promotion of stage not
// reverted by a later rollback.
func findPromotion(repo *git.Repository, stage, artifact string) (*object.Commit, string, string, error) {
	head, err := repo.Head()
	if err != nil {
		return nil, "", "", err
	}
	iter, err := repo.Log(&git.LogOptions{From: head.Hash(), Order: git.LogOrderCommitterTime})
	if err != nil {
		return nil, "", "", err
	}
	defer iter.Close()
	reverted := map[string]bool{}
	for range historyDepth {
		c, err := iter.Next()
		if err != nil {
			break
		}
		for _, m := range rollbackTrailer().FindAllStringSubmatch(c.Message, -1) {
			reverted[m[4]] = true
		}
		for _, m := range promotionTrailer().FindAllStringSubmatch(c.Message, -1) {
			if m[2] == stage && (artifact == "" || m[1] == artifact) && !reverted[c.Hash.String()] {
				return c, m[1], m[3], nil
			}
		}
	}
	return nil, "", "", fmt.Errorf("%w: no promotion to stage %q in the last %d commits", ErrNothingToRollBack, stage, historyDepth)
}

// revertMarkers restores, in the files c changed, each marker of artifact
// whose value c changed and which still holds c's value.
func revertMarkers(dir string, c *object.Commit, artifact string, out *RolledBack) error {
	parent, err := c.Parent(0)
	if err != nil {
		return err
	}
	stats, err := c.Stats()
	if err != nil {
		return err
	}
	for _, st := range stats {
		before, err1 := fileMarkers(parent, st.Name, artifact)
		after, err2 := fileMarkers(c, st.Name, artifact)
		if err1 != nil || err2 != nil {
			continue // not a configuration file, or gone
		}
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(st.Name)))
		if err != nil {
			continue
		}
		now, _, diags := marker.FindFile(st.Name, st.Name, src)
		if diags.HasErrors() {
			return fmt.Errorf("%s: %s", st.Name, diags.Error())
		}
		for _, m := range now {
			key := m.Block + "/" + m.Attribute
			old, ok1 := before[key]
			promoted, ok2 := after[key]
			if m.Name != artifact || !ok1 || !ok2 || old == promoted || m.Value != promoted {
				continue
			}
			if err := marker.RewriteFile(dir, m, old); err != nil {
				return err
			}
			out.Values[fmt.Sprintf("%s:%d", m.File, m.Line())] = old
		}
	}
	return nil
}

// fileMarkers maps "block/attribute" to the value of each marker of
// artifact in a file at a commit.
func fileMarkers(c *object.Commit, name, artifact string) (map[string]string, error) {
	if !marker.IsConfigFile(name) {
		return nil, errors.New("not a configuration file")
	}
	f, err := c.File(name)
	if err != nil {
		return nil, err
	}
	text, err := f.Contents()
	if err != nil {
		return nil, err
	}
	ms, _, _ := marker.FindFile(name, name, []byte(text))
	out := map[string]string{}
	for _, m := range ms {
		if m.Name == artifact {
			out[m.Block+"/"+m.Attribute] = m.Value
		}
	}
	return out, nil
}

// heldBack reports whether the checkout at dir has rolled build of
// artifact back from stage: then it is not promoted there again.
func heldBack(dir, artifact, stage, build string) bool {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return false
	}
	head, err := repo.Head()
	if err != nil {
		return false
	}
	iter, err := repo.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		return false
	}
	defer iter.Close()
	want := strings.Join([]string{artifact, stage, build}, " ")
	for range historyDepth {
		c, err := iter.Next()
		if err != nil {
			return false
		}
		for _, m := range rollbackTrailer().FindAllStringSubmatch(c.Message, -1) {
			if strings.Join(m[1:4], " ") == want {
				return true
			}
		}
	}
	return false
}
