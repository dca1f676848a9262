package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultWorkspaceDir is where the local backend keeps the states of
// workspaces other than the default one, as Terraform does:
// terraform.tfstate.d/NAME/terraform.tfstate.
const DefaultWorkspaceDir = "terraform.tfstate.d"

// localStateFile is the state file's name inside a workspace's directory.
const localStateFile = "terraform.tfstate"

// LocalStore keeps the default workspace's state at a path
// (terraform.tfstate) and each other workspace's in
// DIR/NAME/terraform.tfstate, with its lock file beside it: Terraform's
// local backend layout. A workspace exists when its directory does.
type LocalStore struct {
	defaultPath, dir string
	// Codec encodes every workspace's state (the zero Codec: plain).
	Codec Codec
}

var _ Store = (*LocalStore)(nil)

// NewLocalStore returns the local store with the default workspace's
// state at defaultPath and the others under dir (DefaultWorkspaceDir when
// empty). A relative dir is taken from the working directory, as
// Terraform's workspace_dir is.
func NewLocalStore(defaultPath, dir string) *LocalStore {
	if dir == "" {
		dir = DefaultWorkspaceDir
	}
	return &LocalStore{defaultPath: defaultPath, dir: dir}
}

// String returns `local backend "PATH" (workspaces in "DIR")`.
func (s *LocalStore) String() string {
	return fmt.Sprintf("local backend %q (workspaces in %q)", s.defaultPath, s.dir)
}

// Workspaces lists "default" and the directories under the workspace
// directory.
func (s *LocalStore) Workspaces(ctx context.Context) ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: listing workspaces: %w", s, err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return SortWorkspaces(names), nil
}

// Workspace returns a client on the workspace's state file. The client
// creates the workspace's directory when it first writes or locks.
func (s *LocalStore) Workspace(name string) (Backend, error) {
	if err := ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	if name == DefaultWorkspace {
		return NewLocalWith(s.defaultPath, s.Codec), nil
	}
	l := NewLocalWith(filepath.Join(s.dir, name, localStateFile), s.Codec)
	l.mkdir = true
	return l, nil
}

// CreateWorkspace creates the workspace's directory.
func (s *LocalStore) CreateWorkspace(ctx context.Context, name string) error {
	if create, err := CheckCreate(name); !create {
		return err
	}
	if err := os.MkdirAll(filepath.Join(s.dir, name), 0o755); err != nil {
		return fmt.Errorf("%s: creating workspace %q: %w", s, name, err)
	}
	return nil
}

// DeleteWorkspace removes the workspace's directory with everything in
// it (state, backup, lock file), as Terraform does.
func (s *LocalStore) DeleteWorkspace(ctx context.Context, name string) error {
	if err := CheckDelete(name); err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(s.dir, name)); err != nil {
		return fmt.Errorf("%s: deleting workspace %q: %w", s, name, err)
	}
	return nil
}

// ensureDir creates the state file's directory for a workspace client.
func (l *Local) ensureDir() error {
	if !l.mkdir {
		return nil
	}
	return os.MkdirAll(filepath.Dir(l.path), 0o755)
}
