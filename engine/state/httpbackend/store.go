package httpbackend

import (
	"context"
	"errors"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
)

// ErrWorkspacesNotSupported is Terraform's error for a workspace other
// than "default" on a backend that keeps one.
var ErrWorkspacesNotSupported = errors.New("workspaces not supported")

// Store is the http backend's one workspace.
type Store struct {
	cfg Config
	log hclog.Logger
}

// NewStore checks cfg and returns its store; it sends no request.
func NewStore(cfg Config, log hclog.Logger) (*Store, error) {
	if _, err := New(cfg, log); err != nil {
		return nil, err
	}
	return &Store{cfg: cfg, log: log}, nil
}

// Workspaces lists "default" alone.
func (s *Store) Workspaces(context.Context) ([]string, error) {
	return []string{state.DefaultWorkspace}, nil
}

// Workspace returns a client on the default workspace's state; another
// name is ErrWorkspacesNotSupported.
func (s *Store) Workspace(name string) (state.Backend, error) {
	if name != state.DefaultWorkspace && name != "" {
		return nil, ErrWorkspacesNotSupported
	}
	return New(s.cfg, s.log)
}

// CreateWorkspace refuses every workspace but the default one, which
// exists.
func (s *Store) CreateWorkspace(_ context.Context, name string) error {
	if name == state.DefaultWorkspace {
		return nil
	}
	return ErrWorkspacesNotSupported
}

// DeleteWorkspace refuses: the default workspace may not be deleted, and
// there is no other.
func (s *Store) DeleteWorkspace(_ context.Context, name string) error {
	if name == state.DefaultWorkspace {
		return state.ErrDeleteDefault
	}
	return ErrWorkspacesNotSupported
}

// String names the backend and its address.
func (s *Store) String() string { return displayName(s.cfg) }
