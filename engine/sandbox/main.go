package sandbox

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Main runs `trueup sandbox`: it starts the emulators, prints the
// environment as shell export lines on stdout, blocks until ctx is
// cancelled (the caller cancels it on SIGINT/SIGTERM), then closes the
// sandbox, flushing the data directory.
func Main(ctx context.Context, opts Options, stdout io.Writer) error {
	sb, err := Start(ctx, opts)
	if err != nil {
		return err
	}
	if err := printExports(stdout, sb.Env()); err != nil {
		return fmt.Errorf("%w (and closing the sandbox: %v)", err, sb.Close())
	}
	<-ctx.Done()
	return sb.Close()
}

// printExports writes one `export KEY='VALUE'` line per KEY=VALUE entry.
func printExports(w io.Writer, env []string) error {
	var b strings.Builder
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "export %s=%s\n", k, shellQuote(v))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shellQuote quotes v for a POSIX shell when it holds anything but
// characters that are safe bare.
func shellQuote(v string) string {
	safe := v != "" && strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0
	if safe {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
