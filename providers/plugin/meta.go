package plugin

import (
	"io"
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
	// Logger receives the plugin's logs; nil means a logger on LogOutput
	// at the level of TF_LOG_PROVIDER, else TF_LOG (off when neither is
	// set). Either way, the values of sensitive attributes the plugin was
	// sent, and every string an ephemeral resource's open returned, are
	// redacted from the lines first.
	Logger hclog.Logger
	// LogOutput is where the default logger (Logger nil) writes; nil
	// means stderr. The CLI sets it to its TF_LOG_PATH file.
	LogOutput io.Writer
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

// logger returns m.Logger or one at the TF_LOG_PROVIDER / TF_LOG level
// that writes to LogOutput through red.
func (m Meta) logger(red *redactor) hclog.Logger {
	if m.Logger != nil {
		return red.logger(m.Logger.Named(shortName(m.Addr)))
	}
	out := m.LogOutput
	if out == nil {
		out = os.Stderr
	}
	return red.logger(hclog.New(&hclog.LoggerOptions{
		Name:   "provider." + shortName(m.Addr),
		Level:  LogLevel(),
		Output: out,
	}))
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

// providerLogVars are the variables that set the log levels of providers
// built with terraform-plugin-go, -framework, -sdk/v2 and -mux. Unset,
// such a provider logs every line at TRACE to its stderr and leaves the
// filtering to the client.
var providerLogVars = []string{
	"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
	"TF_LOG_SDK_HELPER_SCHEMA", "TF_LOG_SDK_HELPER_RESOURCE", "TF_LOG_SDK_MUX",
}

// logLevelEnv returns the environment additions that make the plugin log
// at level, the level of the logger its lines go to: each of
// providerLogVars that env leaves unset is set to it. Lines the client
// would drop are then never written, encoded and read (at TRACE, the
// framework writes about 20 JSON lines per call; skipping them makes each
// call several times cheaper for the plugin and for trueup). A variable
// the user set (not empty) is left alone; Meta.Env comes after and wins.
func logLevelEnv(env []string, level hclog.Level) []string {
	set := map[string]bool{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && v != "" {
			set[k] = true
		}
	}
	name := "off"
	if level != hclog.Off && level != hclog.NoLevel {
		name = level.String()
	}
	var out []string
	for _, v := range providerLogVars {
		if !set[v] {
			out = append(out, v+"="+name)
		}
	}
	return out
}

func shortName(addr string) string {
	return addr[strings.LastIndex(addr, "/")+1:]
}
