package gcs

import (
	"context"
	"errors"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/gcpretry"
)

// stateSuffix ends every workspace's state object name.
const stateSuffix = ".tfstate"

// Store is the gcs backend as a whole, with Terraform's layout: workspace
// NAME's state is PREFIX/NAME.tfstate (the default workspace's
// PREFIX/default.tfstate) and its lock PREFIX/NAME.tflock beside it. A
// workspace exists when its state object does. Its Backends share one
// storage client.
type Store struct {
	cfg    Config
	log    hclog.Logger
	client *storage.Client
}

var _ state.Store = (*Store)(nil)

// NewStore configures the backend for every workspace, as New does for
// one; it sends no request.
func NewStore(ctx context.Context, cfg Config, log hclog.Logger) (*Store, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	st := &Store{cfg: cfg, log: log.Named("gcs")}
	named := &Backend{cfg: cfg, name: cfg.StateObject()}
	if err := cfg.Validate(); err != nil {
		return nil, named.errorf("configuration: %w", err)
	}
	client, err := newClient(ctx, cfg, st.log)
	if err != nil {
		return nil, named.errorf("configuration: %w", err)
	}
	st.client = client
	return st, nil
}

// Close releases the storage client's connections.
func (s *Store) Close() error { return s.client.Close() }

// backend returns a client on the workspace's state.
func (s *Store) backend(workspace string) *Backend {
	cfg := s.cfg
	cfg.Workspace = workspace
	b := &Backend{cfg: cfg, log: s.log, client: s.client, bucket: s.client.Bucket(cfg.Bucket),
		name: cfg.StateObject(), lockObj: cfg.LockObject(), csek: cfg.customerKey()}
	b.journal = b.newJournal()
	b.LockedJournal = state.LockJournal(&b.mu, &b.journal)
	return b
}

// prefix is the "directory" of the state objects, "" or ending in "/".
func (s *Store) prefix() string {
	if p := strings.Trim(s.cfg.Prefix, "/"); p != "" {
		return p + "/"
	}
	return ""
}

// String names the bucket and prefix.
func (s *Store) String() string {
	return `gcs backend "gs://` + s.cfg.Bucket + "/" + s.prefix() + `"`
}

// Workspace returns a client on the named workspace's state.
func (s *Store) Workspace(name string) (state.Backend, error) {
	if err := state.ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	return s.backend(name), nil
}

// Workspaces lists "default" and every NAME for which PREFIX/NAME.tfstate
// exists, as Terraform's gcs backend lists them.
func (s *Store) Workspaces(ctx context.Context) ([]string, error) {
	prefix := s.prefix()
	b := s.backend(state.DefaultWorkspace)
	listed, err := gcpretry.ListObjects(ctx, b.do, s.client.Bucket(s.cfg.Bucket), &storage.Query{Prefix: prefix, Delimiter: "/"})
	if err != nil {
		return nil, b.wrap("list workspaces", err)
	}
	var names []string
	for _, attrs := range listed {
		name, ok := strings.CutSuffix(strings.TrimPrefix(attrs.Name, prefix), stateSuffix)
		if ok && attrs.Prefix == "" && state.ValidateWorkspaceName(name) == nil {
			names = append(names, name)
		}
	}
	return state.SortWorkspaces(names), nil
}

// CreateWorkspace writes an empty state at PREFIX/NAME.tfstate unless one
// is there, so that the workspace is listed (Terraform does the same).
func (s *Store) CreateWorkspace(ctx context.Context, name string) error {
	if create, err := state.CheckCreate(name); !create {
		return err
	}
	return state.CreateEmpty(ctx, s.backend(name))
}

// DeleteWorkspace deletes the workspace's state object, its backup
// object and its journal (NAME.journal/...). In a versioned bucket the earlier generations stay.
func (s *Store) DeleteWorkspace(ctx context.Context, name string) error {
	if err := state.CheckDelete(name); err != nil {
		return err
	}
	b := s.backend(name)
	if err := b.journal.RemoveAll(ctx); err != nil {
		return err
	}
	for _, obj := range []string{b.name, b.name + backupSuffix} {
		// A retried delete whose first try went through hears 404: done.
		err := b.do(ctx, func(ctx context.Context) error { return b.bucket.Object(obj).Delete(ctx) })
		if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
			return b.wrap("delete workspace", err)
		}
	}
	return nil
}
