package agent

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plans"
)

// redactor replaces every configured secret (forge tokens, webhook
// secrets, notification URLs) with a placeholder in text that reaches the
// run history, comments and logs.
type redactor struct {
	secrets []string
}

func newRedactor(cfg *config.Config) *redactor {
	r := &redactor{}
	for _, f := range cfg.Forges {
		r.add(f.Token.Reveal())
		r.add(f.WebhookSecret.Reveal())
	}
	for _, n := range cfg.Notify {
		r.add(n.URL.Reveal())
	}
	// Longest first, so that a secret containing another is replaced whole.
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

func (r *redactor) add(s string) {
	if len(s) >= 4 {
		r.secrets = append(r.secrets, s)
	}
}

// text returns s with secrets replaced.
func (r *redactor) text(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "(redacted)")
	}
	return s
}

// runLog collects a run's log lines, as hook events and agent messages,
// and stores them in the history.
type runLog struct {
	hook.Nop
	id     uint64
	st     History
	redact *redactor
	log    hclog.Logger

	mu sync.Mutex
}

var _ hook.Hook = (*runLog)(nil)

func (l *runLog) add(level, format string, args ...any) {
	msg := l.redact.text(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.st.AppendLog(l.id, store.LogEntry{Time: time.Now().UTC(), Level: level, Message: msg}); err != nil {
		l.log.Error("could not record a log line", "run", l.id, "error", err)
	}
}

func (l *runLog) info(format string, args ...any)  { l.add("info", format, args...) }
func (l *runLog) warn(format string, args ...any)  { l.add("warn", format, args...) }
func (l *runLog) error(format string, args ...any) { l.add("error", format, args...) }

// PostRefresh records objects found changed outside trueup.
func (l *runLog) PostRefresh(addr string, drifted bool, err error) {
	switch {
	case err != nil:
		l.error("%s: refresh failed: %v", addr, err)
	case drifted:
		l.warn("%s: changed outside trueup", addr)
	}
}

// PreApply records an action starting.
func (l *runLog) PreApply(addr string, a plans.Action, _ string) { l.info("%s: %s started", addr, a) }

// PostApply records an action's end.
func (l *runLog) PostApply(addr string, a plans.Action, elapsed time.Duration, _ string, err error) {
	if err != nil {
		l.error("%s: %s failed after %s: %v", addr, a, elapsed.Round(time.Millisecond), err)
		return
	}
	l.info("%s: %s complete after %s", addr, a, elapsed.Round(time.Millisecond))
}

// StateSaved records a state write.
func (l *runLog) StateSaved(serial uint64) { l.info("state saved (serial %d)", serial) }

// diagnostics records diagnostics and returns the errors' text.
func (l *runLog) diagnostics(diags hcl.Diagnostics) []string {
	var errs []string
	for _, d := range diags {
		text := d.Summary
		if obj := addrs.DiagnosticObject(d); obj != "" {
			text += " (" + obj + ")"
		}
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		if d.Subject != nil {
			text = d.Subject.String() + ": " + text
		}
		text = l.redact.text(text)
		if d.Severity == hcl.DiagError {
			l.error("%s", text)
			errs = append(errs, text)
		} else {
			l.warn("%s", text)
		}
	}
	return errs
}
