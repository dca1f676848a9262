package pg

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

// DefaultSchemaName is the schema that holds the states table when
// schema_name and PG_SCHEMA_NAME are unset, as in Terraform.
const DefaultSchemaName = "terraform_remote_state"

// Config configures the pg backend. The names follow Terraform's pg
// backend.
type Config struct {
	// ConnStr is a postgres:// URL or key=value connection string; what it
	// leaves out comes from the libpq variables (PGHOST, PGUSER,
	// PGPASSWORD, PGSSLMODE, ...). It may hold a password: never logged
	// or printed.
	ConnStr string
	// SchemaName holds the states table; "" means DefaultSchemaName.
	SchemaName string
	// SkipSchemaCreation, SkipTableCreation and SkipIndexCreation leave
	// the schema, the tables and the name index to the database's owner.
	SkipSchemaCreation bool
	SkipTableCreation  bool
	SkipIndexCreation  bool
	// Workspace selects the workspace; "" means "default".
	Workspace string
}

// schemaName returns the schema, DefaultSchemaName when unset.
func (c Config) schemaName() string {
	if c.SchemaName == "" {
		return DefaultSchemaName
	}
	return c.SchemaName
}

// workspace returns the workspace name, "default" when unset.
func (c Config) workspace() string {
	if c.Workspace == "" {
		return "default"
	}
	return c.Workspace
}

// Schema returns the schema of a `backend "pg"` block.
func Schema() *schema.Block {
	return &schema.Block{
		Description: "Stores state as rows of a PostgreSQL table, locked with advisory locks, as Terraform's pg backend does.",
		Attributes: map[string]*schema.Attribute{
			"conn_str":             {Type: cty.String, Optional: true, Sensitive: true, Description: "PostgreSQL connection string: a postgres:// URL or key=value pairs (default: PG_CONN_STR, then the PG* variables)."},
			"schema_name":          {Type: cty.String, Optional: true, Description: "Schema of the states table (default: PG_SCHEMA_NAME, then terraform_remote_state)."},
			"skip_schema_creation": {Type: cty.Bool, Optional: true, Description: "Do not create the schema (default: PG_SKIP_SCHEMA_CREATION, then false)."},
			"skip_table_creation":  {Type: cty.Bool, Optional: true, Description: "Do not create the tables (default: PG_SKIP_TABLE_CREATION, then false)."},
			"skip_index_creation":  {Type: cty.Bool, Optional: true, Description: "Do not create the index on names (default: PG_SKIP_INDEX_CREATION, then false)."},
		},
	}
}

// ConfigFromValue decodes a backend block's value (of Schema's implied
// type, or any object with a subset of its attributes) into a Config. An
// unset attribute takes its value from the environment variable that
// Terraform reads for it: PG_CONN_STR, PG_SCHEMA_NAME,
// PG_SKIP_SCHEMA_CREATION, PG_SKIP_TABLE_CREATION, PG_SKIP_INDEX_CREATION.
func ConfigFromValue(v cty.Value) (Config, error) {
	var c Config
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return c, errors.New("pg backend: configuration must be a known object")
	}
	var errs []error
	str := func(name, env string) string {
		a, err := state.Setting(v, name, cty.String)
		if err != nil {
			errs = append(errs, err)
		}
		if a.IsNull() {
			return os.Getenv(env)
		}
		return a.AsString()
	}
	boolean := func(name, env string) bool {
		a, err := state.Setting(v, name, cty.Bool)
		if err != nil {
			errs = append(errs, err)
		}
		if !a.IsNull() {
			return a.True()
		}
		s := os.Getenv(env)
		if s == "" {
			return false
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q must be true or false", env, s))
		}
		return b
	}
	c.ConnStr = str("conn_str", "PG_CONN_STR")
	c.SchemaName = str("schema_name", "PG_SCHEMA_NAME")
	c.SkipSchemaCreation = boolean("skip_schema_creation", "PG_SKIP_SCHEMA_CREATION")
	c.SkipTableCreation = boolean("skip_table_creation", "PG_SKIP_TABLE_CREATION")
	c.SkipIndexCreation = boolean("skip_index_creation", "PG_SKIP_INDEX_CREATION")
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("pg backend: %w", err)
	}
	return c, nil
}
