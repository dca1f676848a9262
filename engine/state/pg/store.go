package pg

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
)

// Store is the pg backend as a whole, with Terraform's layout: workspace
// NAME's state is the row of SCHEMA.states whose name is NAME. The
// default workspace always exists; another exists when its row does. Its
// Backends share one connection pool; each lock holds a connection of
// its own, outside the pool, for as long as it is held.
type Store struct {
	cfg    Config
	log    hclog.Logger
	pool   *pgxpool.Pool
	where  string // host:port/database, for messages
	tables tables

	prepMu   sync.Mutex
	prepared bool
	// backups is set when the backups table exists (see history.go),
	// journal when the journal table does (journal.go).
	backups, journal bool

	// heldMu guards held and the connections in it (a pgx.Conn serves
	// one caller at a time).
	heldMu sync.Mutex
	// held maps a workspace to the lock this Store holds on it, so that
	// every Backend of the Store can renew and release it.
	held map[string]*heldLock
}

var _ state.Store = (*Store)(nil)

// NewStore configures the backend for every workspace. It parses the
// connection settings and sends no request: the first use creates the
// schema and tables (unless skipped) and reports an unreachable server.
// log receives lock takeovers and lock-information troubles (nil
// discards).
func NewStore(ctx context.Context, cfg Config, log hclog.Logger) (*Store, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	pcfg, err := pgxpool.ParseConfig(cfg.ConnStr)
	if err != nil {
		// The parser's message repeats the connection string: name the
		// setting instead, so that no password reaches the output.
		return nil, fmt.Errorf("pg backend: configuration: conn_str (or PG_CONN_STR and the PG* variables) is not a valid PostgreSQL connection string: use a postgres://USER@HOST:PORT/DATABASE URL or key=value pairs")
	}
	if _, set := pcfg.ConnConfig.RuntimeParams["application_name"]; !set {
		pcfg.ConnConfig.RuntimeParams["application_name"] = "trueup " + version.Version
	}
	pcfg.MinConns = 0
	// A long-running agent uses the pool in bursts: give idle
	// connections back to the server soon.
	pcfg.MaxConnIdleTime = time.Minute
	st := &Store{
		cfg:    cfg,
		log:    log.Named("pg"),
		where:  fmt.Sprintf("%s:%d/%s", pcfg.ConnConfig.Host, pcfg.ConnConfig.Port, pcfg.ConnConfig.Database),
		tables: newTables(cfg.schemaName()),
		held:   map[string]*heldLock{},
	}
	if st.pool, err = pgxpool.NewWithConfig(ctx, pcfg); err != nil {
		return nil, st.wrap("configuration", err)
	}
	return st, nil
}

// Close closes the pool's connections and those of the locks the Store
// still holds, which releases them.
func (s *Store) Close() error {
	s.heldMu.Lock()
	for name, h := range s.held {
		dropConn(h)
		delete(s.held, name)
	}
	s.heldMu.Unlock()
	s.pool.Close()
	return nil
}

// String names the database and schema: `pg backend "HOST:PORT/DB schema terraform_remote_state"`.
func (s *Store) String() string {
	return fmt.Sprintf("pg backend %q", s.where+" schema "+s.cfg.schemaName())
}

// hold records that the Store holds h on workspace name.
func (s *Store) hold(name string, h *heldLock) {
	s.heldMu.Lock()
	defer s.heldMu.Unlock()
	if old := s.held[name]; old != nil {
		dropConn(old) // its session was ended: the lock was taken over
	}
	s.held[name] = h
}

// backend returns a client on the workspace's state.
func (s *Store) backend(workspace string) *Backend {
	return &Backend{store: s, name: workspace}
}

// WithCodec returns the store as a state.Store whose workspace clients
// encode and decode states with codec (which may encrypt them), as every
// backend must (docs/encryption.md). The connection pool and the locks
// stay this Store's, so one Store serves stacks with different codecs.
func (s *Store) WithCodec(codec state.Codec) state.Store {
	return &codedStore{Store: s, codec: codec}
}

// codedStore is a Store whose clients use a codec.
type codedStore struct {
	*Store
	codec state.Codec
}

func (c *codedStore) Workspace(name string) (state.Backend, error) {
	if err := state.ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	return &Backend{store: c.Store, name: name, codec: c.codec}, nil
}

func (c *codedStore) CreateWorkspace(ctx context.Context, name string) error {
	if err := state.ValidateWorkspaceName(name); err != nil {
		return err
	}
	return state.CreateEmpty(ctx, &Backend{store: c.Store, name: name, codec: c.codec})
}

// Workspace returns a client on the named workspace's state.
func (s *Store) Workspace(name string) (state.Backend, error) {
	if err := state.ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	return s.backend(name), nil
}

// Workspaces lists "default" and the name of every other row, as
// Terraform's pg backend lists them (names trueup cannot use are left
// out).
func (s *Store) Workspaces(ctx context.Context) ([]string, error) {
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT name FROM `+s.tables.states+` WHERE name != 'default' ORDER BY name`)
	if err != nil {
		return nil, s.wrap("list workspaces", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.wrap("list workspaces", err)
	}
	valid := names[:0]
	for _, n := range names {
		if state.ValidateWorkspaceName(n) == nil {
			valid = append(valid, n)
		}
	}
	return state.SortWorkspaces(valid), nil
}

// CreateWorkspace stores an empty state under name unless a row is there,
// so that the workspace is listed (Terraform does the same).
func (s *Store) CreateWorkspace(ctx context.Context, name string) error {
	if create, err := state.CheckCreate(name); !create {
		return err
	}
	return state.CreateEmpty(ctx, s.backend(name))
}

// DeleteWorkspace deletes the workspace's row, its backup and its
// journal (set aside or not).
func (s *Store) DeleteWorkspace(ctx context.Context, name string) error {
	if err := state.CheckDelete(name); err != nil {
		return err
	}
	if err := s.prepare(ctx); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM `+s.tables.states+` WHERE name = $1`, name); err != nil {
		return s.wrap("delete workspace "+name, err)
	}
	if s.backups {
		if _, err := s.pool.Exec(ctx, `DELETE FROM `+s.tables.backups+` WHERE name = $1`, name); err != nil {
			return s.wrap("delete workspace "+name+"'s backup", err)
		}
	}
	if s.journal {
		if _, err := s.pool.Exec(ctx, `DELETE FROM `+s.tables.journal+` WHERE name = $1`, name); err != nil {
			return s.wrap("delete workspace "+name+"'s journal", err)
		}
	}
	return nil
}
