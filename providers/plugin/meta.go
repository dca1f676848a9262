package plugin

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/schema"
)

// Meta says which plugin to run: what provider installation produced.
type Meta struct {
	// Addr is the provider's full source address,
	// "registry.terraform.io/hashicorp/null"; errors name it.
	Addr string
	// Version is the provider's version ("3.2.0"); with Addr it keys the
	// schema cache.
	Version string
	// Executable is the path of terraform-provider-TYPE_vVERSION.
	Executable string
	// SchemaCacheDir holds cached schemas, one file per provider version;
	// empty means DefaultSchemaCacheDir(). "-" turns the cache off.
	SchemaCacheDir string
	// Logger receives the plugin's logs; nil means a logger on stderr at
	// the level of TF_LOG_PROVIDER, else TF_LOG (off when neither is set).
	Logger hclog.Logger
	// Env is added to the plugin process's environment.
	Env []string
}

// NewFactory returns a factory of providers that run m's plugin. Each
// provider starts its own process lazily (on the first call that needs
// it) and ends it on Close; its schema comes from the disk cache when the
// same provider version was seen before.
func NewFactory(m Meta) schema.Factory {
	return func() schema.Provider { return newProvider(m) }
}

// DefaultSchemaCacheDir is the user's cache directory's
// trueup/provider-schemas, or a directory under the temporary directory.
func DefaultSchemaCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "trueup", "provider-schemas")
}

// name is how errors name the provider: its address and version.
func (m Meta) name() string {
	if m.Version == "" {
		return m.Addr
	}
	return m.Addr + " v" + m.Version
}

// logger returns m.Logger or one at the TF_LOG_PROVIDER / TF_LOG level.
func (m Meta) logger() hclog.Logger {
	if m.Logger != nil {
		return m.Logger.Named(shortName(m.Addr))
	}
	return hclog.New(&hclog.LoggerOptions{
		Name:   "provider." + shortName(m.Addr),
		Level:  LogLevel(),
		Output: os.Stderr,
	})
}

// LogLevel is the provider log level: TF_LOG_PROVIDER, else TF_LOG, else
// off. JSON (TF_LOG=json) means trace.
func LogLevel() hclog.Level {
	v := os.Getenv("TF_LOG_PROVIDER")
	if v == "" {
		v = os.Getenv("TF_LOG")
	}
	if strings.EqualFold(v, "json") {
		return hclog.Trace
	}
	if v == "" {
		return hclog.Off
	}
	if l := hclog.LevelFromString(v); l != hclog.NoLevel {
		return l
	}
	return hclog.Trace
}

func shortName(addr string) string {
	return addr[strings.LastIndex(addr, "/")+1:]
}
