package state

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
)

// DefaultWorkspace is the workspace every backend has, and the one used
// when none is selected. Its state is where a backend without workspaces
// would keep it (terraform.tfstate, the S3 key, PREFIX/default.tfstate).
const DefaultWorkspace = "default"

// Store is a configured backend as a whole: it keeps one state, with its
// own lock, per workspace, laid out as Terraform's backend of the same type
// lays them out (see docs/workspaces.md). A Backend is a client on one
// workspace's state; Store names, lists, creates and deletes workspaces.
//
// Every method validates the workspace name (ValidateWorkspaceName) before
// it touches storage.
type Store interface {
	// Workspaces lists the workspaces that exist: DefaultWorkspace first,
	// always (whether or not it holds a state), then the others sorted.
	Workspaces(ctx context.Context) ([]string, error)
	// Workspace returns a new client on the named workspace's state. It
	// sends no request and creates nothing.
	Workspace(name string) (Backend, error)
	// CreateWorkspace makes the workspace exist, so that Workspaces lists
	// it: a directory for the local backend, an empty state object in S3
	// and GCS, as Terraform does. An existing workspace is left as it is.
	CreateWorkspace(ctx context.Context, name string) error
	// DeleteWorkspace removes the workspace's state (and what the backend
	// keeps beside it: backups, a lock digest). It refuses
	// DefaultWorkspace with ErrDeleteDefault. Whether the state is empty
	// or locked is the caller's check, made under the lock before.
	DeleteWorkspace(ctx context.Context, name string) error
	// String names the backend and where it keeps its workspaces.
	String() string
}

// ErrDeleteDefault is returned when asked to delete DefaultWorkspace.
// Its text is Terraform's.
var ErrDeleteDefault = errors.New("cannot delete default state")

// InvalidWorkspaceNameError is returned for a workspace name that cannot
// be used. Its text is Terraform's.
type InvalidWorkspaceNameError struct{ Name string }

// Error returns Terraform's message for an invalid workspace name.
func (e *InvalidWorkspaceNameError) Error() string {
	return fmt.Sprintf("The workspace name %q is not allowed. The name must contain only URL safe\ncharacters, and no path separators.", e.Name)
}

// ValidateWorkspaceName accepts a name that needs no escaping in a URL
// path, as Terraform does (so no "/", space, "%" or non-ASCII), and
// refuses also the empty name, "." and "..", which Terraform lets through
// although they would name the parent or current directory of a local
// workspace.
func ValidateWorkspaceName(name string) error {
	if name == "" || name == "." || name == ".." || url.PathEscape(name) != name {
		return &InvalidWorkspaceNameError{Name: name}
	}
	return nil
}

// SortWorkspaces returns DefaultWorkspace followed by the other names,
// sorted and without duplicates: the order Store.Workspaces returns.
func SortWorkspaces(names []string) []string {
	seen := map[string]bool{DefaultWorkspace: true}
	others := []string{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			others = append(others, n)
		}
	}
	sort.Strings(others)
	return append([]string{DefaultWorkspace}, others...)
}

// CreateEmpty makes b hold a state, for stores where a workspace exists
// when its state object does: it writes a new empty state unless one is
// stored. The write is a create-only conditional write, so a concurrent
// creator is no error.
func CreateEmpty(ctx context.Context, b Backend) error {
	cur, err := b.Read(ctx)
	if err != nil || cur != nil {
		return err
	}
	err = b.Write(ctx, New())
	if errors.Is(err, ErrStale) {
		// Someone else created it in between: it exists.
		_, err = b.Read(ctx)
	}
	return err
}

// CheckCreate is the check every store's CreateWorkspace starts with: name
// must be valid, and there is nothing to create for the default workspace,
// which always exists (create is false then).
func CheckCreate(name string) (create bool, err error) {
	if err := ValidateWorkspaceName(name); err != nil {
		return false, err
	}
	return name != DefaultWorkspace, nil
}

// CheckDelete is the check every store's DeleteWorkspace starts with: name
// must be valid and not the default workspace.
func CheckDelete(name string) error {
	if err := ValidateWorkspaceName(name); err != nil {
		return err
	}
	if name == DefaultWorkspace {
		return ErrDeleteDefault
	}
	return nil
}
