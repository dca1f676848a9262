package pg_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
)

func TestConfigTakesUnsetSettingsFromTerraformsVariables(t *testing.T) {
	t.Setenv("PG_CONN_STR", "postgres://env@db/env")
	t.Setenv("PG_SCHEMA_NAME", "from_env")
	t.Setenv("PG_SKIP_SCHEMA_CREATION", "true")
	t.Setenv("PG_SKIP_TABLE_CREATION", "1")
	t.Setenv("PG_SKIP_INDEX_CREATION", "false")
	cfg, err := pg.ConfigFromValue(cty.EmptyObjectVal)
	if err != nil {
		t.Fatal(err)
	}
	want := pg.Config{ConnStr: "postgres://env@db/env", SchemaName: "from_env", SkipSchemaCreation: true, SkipTableCreation: true}
	if cfg != want {
		t.Fatalf("from the environment: %+v, want %+v", cfg, want)
	}
	cfg, err = pg.ConfigFromValue(cty.ObjectVal(map[string]cty.Value{
		"conn_str": cty.StringVal("postgres://block@db/block"), "schema_name": cty.StringVal("from_block"),
		"skip_table_creation": cty.False,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ConnStr != "postgres://block@db/block" || cfg.SchemaName != "from_block" || cfg.SkipTableCreation || !cfg.SkipSchemaCreation {
		t.Fatalf("the block's settings win over the environment: %+v", cfg)
	}
	t.Setenv("PG_SKIP_INDEX_CREATION", "maybe")
	if _, err := pg.ConfigFromValue(cty.EmptyObjectVal); err == nil || !strings.Contains(err.Error(), "PG_SKIP_INDEX_CREATION") {
		t.Fatalf("a bad PG_SKIP_INDEX_CREATION: %v", err)
	}
}

// The libpq variables fill in what conn_str leaves out, as they do for
// Terraform (lib/pq) and psql.
func TestLibpqVariablesFillInTheConnection(t *testing.T) {
	url := server.NewDatabase(t)
	db := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	t.Setenv("PGHOST", "127.0.0.1")
	t.Setenv("PGPORT", strings.Split(strings.Split(url, "@127.0.0.1:")[1], "/")[0])
	t.Setenv("PGUSER", "postgres")
	t.Setenv("PGDATABASE", db)
	t.Setenv("PGSSLMODE", "disable")
	b := mustNew(t, pg.Config{}, nil)
	if _, err := b.Read(context.Background()); err != nil {
		t.Fatalf("read with PG* variables only: %v", err)
	}
	if !strings.Contains(b.String(), "127.0.0.1:") || !strings.Contains(b.String(), db) {
		t.Fatalf("String() = %s, want the host and database", b)
	}
}

// A password in conn_str never reaches an error, a lock's information or
// the backend's name: not when the string does not parse, not when the
// server cannot be reached.
func TestPasswordNeverReachesErrorsOrNames(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	_, err := pg.New(context.Background(), pg.Config{ConnStr: "postgres://app:" + secret + "@127.0.0.1:bad/db"}, nil)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("an unparsable conn_str: error %v", err)
	}
	_, err = pg.New(context.Background(), pg.Config{ConnStr: "host=127.0.0.1 password='" + secret + " port=x"}, nil)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("an unparsable key=value conn_str: error %v", err)
	}

	closed := "postgres://app:" + secret + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=2"
	b := mustNew(t, pg.Config{ConnStr: closed}, nil)
	ctx := context.Background()
	var errs []error
	_, err = b.Read(ctx)
	errs = append(errs, err)
	errs = append(errs, b.Write(ctx, state.New()))
	_, err = b.Lock(ctx, state.NewLockInfo("apply"))
	errs = append(errs, err)
	_, err = b.LockInfo(ctx)
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d on an unreachable server succeeded", i)
		}
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("call %d: the error shows the password: %v", i, err)
		}
		if !strings.Contains(err.Error(), "pg backend") || !strings.Contains(err.Error(), "127.0.0.1:1/db") {
			t.Fatalf("call %d: the error does not name the backend and database: %v", i, err)
		}
	}
	if strings.Contains(b.String(), secret) {
		t.Fatalf("String() = %s", b)
	}

	// On a server that accepts the connection, the lock's path has no
	// password either.
	url := strings.Replace(server.NewDatabase(t), "postgres@", "postgres:"+secret+"@", 1)
	ok := mustNew(t, pg.Config{ConnStr: url}, nil)
	id, err := ok.Lock(ctx, state.NewLockInfo("apply"))
	if err != nil {
		t.Fatal(err)
	}
	defer ok.Unlock(ctx, id)
	info, err := ok.LockInfo(ctx)
	if err != nil || info == nil || strings.Contains(info.Path, secret) || strings.Contains(ok.String(), secret) {
		t.Fatalf("lock info %+v, %v; name %s", info, err, ok)
	}
}
