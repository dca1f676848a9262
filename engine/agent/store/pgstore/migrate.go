package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// versionTable records which migrations have run.
const versionTable = "agent_schema_version"

// lockID is the advisory lock held while migrating, so that agents
// starting at once migrate one after the other.
const lockID = 0x7472756575702d61 // "trueup-a"

// Latest is the schema version Open migrates to: the number of the
// last file in migrations/ (NNNNN_name.sql).
func Latest() int64 {
	entries, err := fs.ReadDir(sub(), ".")
	if err != nil {
		panic(err) // the embedded migrations are fixed at build time
	}
	var latest int64
	for _, e := range entries {
		n, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(n, 10, 64); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// Migrate brings the schema of the database behind pool up to version
// (0: the latest). Migrations only go forward: an agent never downgrades
// a schema, and a schema newer than it knows is refused.
func Migrate(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub(), goose.WithTableName(versionTable),
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if latest := Latest(); current > latest {
		return fmt.Errorf("the database's agent schema is version %d, newer than this agent's %d: upgrade the agent", current, latest)
	}
	if version == 0 {
		_, err = p.Up(ctx)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrating the agent schema: %w", err)
	}
	return nil
}

func sub() fs.FS {
	f, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return f
}
