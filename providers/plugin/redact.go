package plugin

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// minSecretLen is the shortest sensitive string the redactor replaces, as
// the engine's RedactSecrets: shorter ones would blank out ordinary words.
const minSecretLen = 3

// redactor holds the sensitive strings a plugin was given — those at the
// attributes its schema declares sensitive, in every value sent to it —
// and every string of the values it returned that are secret as a whole
// (addAll), and replaces them with "(sensitive value)" in the plugin's
// log lines and in the output a crash report quotes. A plugin logs as it
// works, so the strings are added before each call is sent. Safe for
// concurrent use.
//
// A plan sends every object's secrets again and again: add reads only the
// sensitive attributes and takes the write lock only for a string it has
// not seen, and the replacer is built again only when a line is redacted
// after the set grew, not on every new secret (BenchmarkRedactorAdd).
type redactor struct {
	mu      sync.RWMutex
	seen    map[string]bool
	replace *strings.Replacer
	stale   bool // seen grew since replace was built
}

func newRedactor() *redactor { return &redactor{seen: map[string]bool{}} }

// add records the strings under b's sensitive attributes in values.
func (r *redactor) add(b *schema.Block, values ...cty.Value) {
	if b == nil || !b.HasSensitive() {
		return
	}
	var found []string
	for _, v := range values {
		collectSensitive(b, v, &found)
	}
	r.record(found)
}

// addAll records every known string in values, whatever the schema says:
// for values that are secret as a whole, such as an ephemeral resource's
// result, whose tokens and passwords a provider need not mark sensitive.
// Numbers and bools are not recorded: they are seldom secret, and
// replacing every "443" would garble the logs.
func (r *redactor) addAll(values ...cty.Value) {
	var found []string
	for _, v := range values {
		allStrings(v, &found)
	}
	r.record(found)
}

// record adds the strings in found, and their %q forms, to the set.
func (r *redactor) record(found []string) {
	if len(found) == 0 {
		return
	}
	r.mu.RLock()
	known := r.knows(found)
	r.mu.RUnlock()
	if known {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range found {
		for _, form := range [2]string{s, quoted(s)} {
			if len(form) >= minSecretLen && !r.seen[form] {
				r.seen[form], r.stale = true, true
			}
		}
	}
}

// knows reports whether every form of every string in found is recorded
// already (or too short to be). The caller holds mu.
func (r *redactor) knows(found []string) bool {
	for _, s := range found {
		for _, form := range [2]string{s, quoted(s)} {
			if len(form) >= minSecretLen && !r.seen[form] {
				return false
			}
		}
	}
	return true
}

// rebuild makes the replacer of the recorded strings, longest first. The
// caller holds mu for writing.
func (r *redactor) rebuild() {
	r.stale = false
	list := make([]string, 0, len(r.seen))
	for s := range r.seen {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	pairs := make([]string, 0, 2*len(list))
	for _, s := range list {
		pairs = append(pairs, s, "(sensitive value)")
	}
	r.replace = strings.NewReplacer(pairs...)
}

// quoted is s as %q writes it, without the quotes: s itself when it has
// nothing to escape.
func quoted(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
	}
	if plain {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// text returns s with every recorded secret replaced.
func (r *redactor) text(s string) string {
	r.mu.RLock()
	rep, stale := r.replace, r.stale
	r.mu.RUnlock()
	if stale {
		r.mu.Lock()
		if r.stale {
			r.rebuild()
		}
		rep = r.replace
		r.mu.Unlock()
	}
	if rep == nil {
		return s
	}
	return rep.Replace(s)
}

// logger returns l behind the redactor: the message and every string
// argument of each line are redacted before l formats them (a formatter
// escapes quotes and backslashes, which would hide a secret from a
// replacement after it).
func (r *redactor) logger(l hclog.Logger) hclog.Logger { return redactLogger{l, r} }

type redactLogger struct {
	hclog.Logger
	r *redactor
}

func (l redactLogger) args(args []interface{}) []interface{} {
	out := make([]interface{}, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = l.r.text(v)
		case error:
			out[i] = l.r.text(v.Error())
		default:
			out[i] = a
		}
	}
	return out
}

func (l redactLogger) Log(level hclog.Level, msg string, args ...interface{}) {
	l.Logger.Log(level, l.r.text(msg), l.args(args)...)
}
func (l redactLogger) Trace(msg string, args ...interface{}) { l.Log(hclog.Trace, msg, args...) }
func (l redactLogger) Debug(msg string, args ...interface{}) { l.Log(hclog.Debug, msg, args...) }
func (l redactLogger) Info(msg string, args ...interface{})  { l.Log(hclog.Info, msg, args...) }
func (l redactLogger) Warn(msg string, args ...interface{})  { l.Log(hclog.Warn, msg, args...) }
func (l redactLogger) Error(msg string, args ...interface{}) { l.Log(hclog.Error, msg, args...) }
func (l redactLogger) With(args ...interface{}) hclog.Logger {
	return redactLogger{l.Logger.With(l.args(args)...), l.r}
}
func (l redactLogger) Named(name string) hclog.Logger { return redactLogger{l.Logger.Named(name), l.r} }
func (l redactLogger) ResetNamed(name string) hclog.Logger {
	return redactLogger{l.Logger.ResetNamed(name), l.r}
}

// collectSensitive appends the known strings and numbers under b's
// sensitive attributes of v (at any depth, nested blocks included).
func collectSensitive(b *schema.Block, v cty.Value, out *[]string) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return
	}
	// Only the sensitive attributes are unmarked deeply: doing so for the
	// whole object copied all of it on every call.
	v, _ = v.Unmark()
	for name, a := range b.Attributes {
		if a.Sensitive && v.Type().HasAttribute(name) {
			av, _ := v.GetAttr(name).UnmarkDeep()
			leaves(av, out)
		}
	}
	for name, nb := range b.BlockTypes {
		if !v.Type().HasAttribute(name) || !nb.Block.HasSensitive() {
			continue
		}
		bv, _ := v.GetAttr(name).Unmark()
		if bv.IsNull() || !bv.IsKnown() {
			continue
		}
		if bv.Type().IsObjectType() {
			collectSensitive(&nb.Block, bv, out)
			continue
		}
		if bv.CanIterateElements() {
			for it := bv.ElementIterator(); it.Next(); {
				_, ev := it.Element()
				collectSensitive(&nb.Block, ev, out)
			}
		}
	}
}

// allStrings appends every known string in v, marked or not.
func allStrings(v cty.Value, out *[]string) {
	if v == cty.NilVal {
		return
	}
	v, _ = v.UnmarkDeep()
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if !x.IsKnown() || x.IsNull() {
			return false, nil
		}
		if x.Type() == cty.String {
			*out = append(*out, x.AsString())
		}
		return true, nil
	})
}

// leaves appends every known string and number in v.
func leaves(v cty.Value, out *[]string) {
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if !x.IsKnown() || x.IsNull() {
			return false, nil
		}
		switch x.Type() {
		case cty.String:
			*out = append(*out, x.AsString())
		case cty.Number:
			*out = append(*out, x.AsBigFloat().Text('f', -1))
		}
		return true, nil
	})
}
