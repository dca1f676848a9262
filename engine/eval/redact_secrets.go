package eval

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// minSecretLen is the shortest sensitive string RedactSecrets replaces:
// shorter ones ("1", "on") would blank out ordinary words of a message
// without hiding anything worth hiding.
const minSecretLen = 3

// RedactSecrets replaces, in the summary and detail of diags, every
// occurrence of a sensitive string held by values (at any depth, marked
// with lang.Sensitive) with "(sensitive value)". Providers and the
// operating system quote the values they were given in their errors
// ("mkdir out/SECRET: file name too long"); the engine knows which of them
// were sensitive, so it redacts where the error is raised, before any
// renderer, log or PR comment sees it.
func RedactSecrets(diags hcl.Diagnostics, values ...cty.Value) hcl.Diagnostics {
	if len(diags) == 0 {
		return diags
	}
	secrets := sensitiveStrings(values...)
	if len(secrets) == 0 {
		return diags
	}
	r := strings.NewReplacer(secrets...)
	for _, d := range diags {
		d.Summary, d.Detail = r.Replace(d.Summary), r.Replace(d.Detail)
	}
	return diags
}

// sensitiveStrings returns replacer pairs (secret, "(sensitive value)") for
// the known strings and numbers under the sensitive marks of values,
// longest first, so that a secret containing another is replaced whole.
func sensitiveStrings(values ...cty.Value) []string {
	seen := map[string]bool{}
	for _, v := range values {
		if v == cty.NilVal {
			continue
		}
		// lang's walk, not ContainsMarked's: an instance's configuration
		// holds no marks in most plans, and cty.Walk built a path for each
		// of its values, for every planned and applied instance.
		plain, pvms := lang.UnmarkDeepWithPaths(v)
		addSensitiveStrings(seen, plain, pvms)
	}
	return replacerPairs(seen)
}

// addSensitiveStrings adds to seen the known strings and numbers (at
// least minSecretLen long, in their quoted forms too) under the
// sensitive marks pvms of plain, an unmarked value.
func addSensitiveStrings(seen map[string]bool, plain cty.Value, pvms []cty.PathValueMarks) {
	for _, pvm := range pvms {
		if _, ok := pvm.Marks[lang.Sensitive]; !ok {
			continue
		}
		sub, err := pvm.Path.Apply(plain)
		if err != nil {
			continue
		}
		cty.Walk(sub, func(_ cty.Path, x cty.Value) (bool, error) {
			if !x.IsKnown() || x.IsNull() {
				return false, nil
			}
			var s string
			switch x.Type() {
			case cty.String:
				s = x.AsString()
			case cty.Number:
				s = x.AsBigFloat().Text('f', -1)
			}
			if len(s) >= minSecretLen {
				for _, form := range quotedForms(s) {
					seen[form] = true
				}
			}
			return true, nil
		})
	}
}

// replacerPairs returns the replacer pairs of the strings of seen,
// longest first.
func replacerPairs(seen map[string]bool) []string {
	list := make([]string, 0, len(seen))
	for s := range seen {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	pairs := make([]string, 0, 2*len(list))
	for _, s := range list {
		pairs = append(pairs, s, "(sensitive value)")
	}
	return pairs
}

// ProviderDiags converts a provider's diagnostics about instance ri of res
// into located diagnostics (the attribute they name, else the block), and
// redacts every sensitive string they quote: those of values and of the
// root and module variables and locals (RedactSecrets). Empty ds costs
// nothing, so every provider call may go through it.
func (e *Evaluator) ProviderDiags(ds schema.Diagnostics, res *config.Resource, ri addrs.ResourceInstance, values ...cty.Value) hcl.Diagnostics {
	if len(ds) == 0 {
		return nil
	}
	diags := make(hcl.Diagnostics, 0, len(ds))
	for _, d := range ds {
		rng := res.DeclRange
		if res.Config != nil && len(d.Attribute) > 0 {
			// Body: a plan carrying its prepared bodies to the apply
			// may have released this one (parsed again here, rarely).
			rng = AttributeRange(res.Body(), d.Attribute, res.DeclRange)
		}
		diags = append(diags, ProviderDiag(d, &rng, ri.String()))
	}
	return RedactSecrets(diags, append(e.secrets(ri.Resource.Module), values...)...)
}

// secrets returns the values an error raised in module instance mi may
// quote that hold sensitive parts: the root input variables and mi's
// variables and locals. A provider quotes what it was given, often a
// string built from a secret ("out/SECRET/x" from "${var.secret}"), so
// RedactSecrets needs the sources as well as the resource's own values.
func (e *Evaluator) secrets(mi addrs.ModuleInstance) []cty.Value {
	var out []cty.Value
	add := func(m map[string]cty.Value) {
		for _, v := range m {
			if v.ContainsMarked() {
				out = append(out, v)
			}
		}
	}
	add(e.Vars)
	e.mu.RLock()
	defer e.mu.RUnlock()
	if mv := e.modules[mi]; mv != nil {
		add(mv.vars)
		add(mv.locals)
	}
	return out
}

// quotedForms returns s and the forms it takes inside a quoted string of
// a message: Go's %q (strconv.Quote) and a JSON string, which escape
// quotes, backslashes and control characters, so that a provider that
// quotes a secret with %q does not slip it past the replacer.
func quotedForms(s string) []string {
	forms := []string{s}
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		forms = append(forms, q[1:len(q)-1])
	}
	if b, err := json.Marshal(s); err == nil && string(b[1:len(b)-1]) != s {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	return forms
}

// MarkDerivedFrom is MarkDerived(v, cfg) for a caller that holds cfg
// unmarked, cfgUnmarked, and its marked paths, cfgMarks (as
// lang.UnmarkDeepWithPaths gives them): the secrets are read from those
// without unmarking cfg again, and when there are no marks, cfg holds no
// sensitive string for v to derive from and v is returned as it is.
func MarkDerivedFrom(v, cfgUnmarked cty.Value, cfgMarks []cty.PathValueMarks) cty.Value {
	if len(cfgMarks) == 0 || !derivable(v) {
		return v
	}
	seen := map[string]bool{}
	addSensitiveStrings(seen, cfgUnmarked, cfgMarks)
	return markDerived(v, replacerPairs(seen))
}

// MarkDerived marks sensitive every known string of v that holds a
// sensitive string of sources (at least minSecretLen long). A provider
// copies what it was given into attributes the configuration does not
// set (aws's tags_all from tags); the engine re-marks only the paths the
// configuration marked, so such a copy would print in clear. A value
// built from a secret is as secret as its source.
func MarkDerived(v cty.Value, sources ...cty.Value) cty.Value {
	if !derivable(v) {
		return v
	}
	return markDerived(v, sensitiveStrings(sources...))
}

// derivable reports whether v may hold a string derived from a secret.
func derivable(v cty.Value) bool {
	return v != cty.NilVal && !v.IsNull() && v.IsKnown()
}

// markDerived marks sensitive every known string of v that holds one of
// the secrets of pairs (sensitiveStrings).
func markDerived(v cty.Value, pairs []string) cty.Value {
	if len(pairs) == 0 {
		return v
	}
	plain, pvms := v.UnmarkDeepWithPaths()
	var paths []cty.Path
	cty.Walk(plain, func(p cty.Path, x cty.Value) (bool, error) {
		if !x.IsKnown() || x.IsNull() || x.Type() != cty.String {
			return true, nil
		}
		s := x.AsString()
		for i := 0; i < len(pairs); i += 2 {
			if strings.Contains(s, pairs[i]) {
				paths = append(paths, p.Copy())
				break
			}
		}
		return true, nil
	})
	if len(paths) == 0 {
		return v
	}
	for _, p := range paths {
		pvms = append(pvms, cty.PathValueMarks{Path: p, Marks: cty.NewValueMarks(lang.Sensitive)})
	}
	return plain.MarkWithPaths(pvms)
}
