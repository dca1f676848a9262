package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/rego"
)

// Kind says what a rule's results mean.
type Kind int

const (
	// Deny rules (deny, violation and their _* variants) fail the check.
	Deny Kind = iota
	// Warn rules (warn, warn_*) report without failing it.
	Warn
)

func (k Kind) String() string {
	if k == Warn {
		return "warn"
	}
	return "deny"
}

// kindOf classifies a rule name as conftest does.
func kindOf(name string) (Kind, bool) {
	for _, p := range []struct {
		prefix string
		kind   Kind
	}{{"deny", Deny}, {"violation", Deny}, {"warn", Warn}} {
		if name == p.prefix || strings.HasPrefix(name, p.prefix+"_") {
			return p.kind, true
		}
	}
	return 0, false
}

// Finding is one result of a deny or warn rule.
type Finding struct {
	Namespace string `json:"namespace"`
	Rule      string `json:"rule"`
	Message   string `json:"msg"`
	// Address is the resource the finding is about, when the rule's
	// result is an object with an "address" (or "resource") key.
	Address string `json:"address,omitempty"`
}

// Result is the outcome of a policy check of one input.
type Result struct {
	Failures []Finding `json:"failures"`
	Warnings []Finding `json:"warnings"`
	// Passed counts the rules that produced no result, as conftest counts
	// successes.
	Passed int `json:"passed"`
}

// Failed reports whether a deny rule produced a result.
func (r *Result) Failed() bool { return len(r.Failures) > 0 }

// Tests is the number of rule evaluations, conftest's "tests".
func (r *Result) Tests() int { return r.Passed + len(r.Failures) + len(r.Warnings) }

// Check evaluates every deny and warn rule against input, a decoded JSON
// document (the plan in `show -json` format). Namespaces, when given,
// restrict the check to those packages. Cancelling ctx stops the
// evaluation with ctx's error.
func (s *Set) Check(ctx context.Context, input any, namespaces ...string) (*Result, error) {
	res := &Result{Failures: []Finding{}, Warnings: []Finding{}}
	for _, q := range s.queries {
		if len(namespaces) > 0 && !slices.Contains(namespaces, q.Namespace) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		found, err := s.evalRule(ctx, q, input)
		if err != nil {
			return nil, err
		}
		switch {
		case len(found) == 0:
			res.Passed++
		case q.Kind == Warn:
			res.Warnings = append(res.Warnings, found...)
		default:
			res.Failures = append(res.Failures, found...)
		}
	}
	return res, nil
}

// CheckJSON is Check of a JSON document.
func (s *Set) CheckJSON(ctx context.Context, doc []byte, namespaces ...string) (*Result, error) {
	var input any
	if err := json.Unmarshal(doc, &input); err != nil {
		return nil, fmt.Errorf("policy input is not JSON: %w", err)
	}
	return s.Check(ctx, input, namespaces...)
}

func (s *Set) evalRule(ctx context.Context, q ruleRef, input any) ([]Finding, error) {
	query := "data." + q.Namespace + "." + q.Rule
	rs, err := rego.New(rego.Compiler(s.compiler), rego.Query(query), rego.Input(input)).Eval(ctx)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", query, err)
	}
	var out []Finding
	for _, r := range rs {
		for _, e := range r.Expressions {
			out = append(out, findings(q, e.Value)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Message < out[j].Message })
	return out, nil
}

// findings reads a rule's value: a set of messages or of {msg, address}
// objects, a single message, or true.
func findings(q ruleRef, v any) []Finding {
	switch v := v.(type) {
	case []any:
		var out []Finding
		for _, e := range v {
			out = append(out, findings(q, e)...)
		}
		return out
	case string:
		return []Finding{{Namespace: q.Namespace, Rule: q.Rule, Message: v}}
	case map[string]any:
		f := Finding{Namespace: q.Namespace, Rule: q.Rule}
		if msg, ok := v["msg"].(string); ok {
			f.Message = msg
		} else {
			b, _ := json.Marshal(v)
			f.Message = string(b)
		}
		for _, k := range []string{"address", "resource"} {
			if a, ok := v[k].(string); ok {
				f.Address = a
				break
			}
		}
		return []Finding{f}
	case bool:
		if v {
			return []Finding{{Namespace: q.Namespace, Rule: q.Rule, Message: q.Rule + " is true"}}
		}
	}
	return nil
}
