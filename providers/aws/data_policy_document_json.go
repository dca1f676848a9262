package aws

import (
	"encoding/json"
	"sort"
)

// The IAM policy document model, with Terraform's field order and value
// shapes: a single value is a string, several are a list sorted in
// reverse (as the Terraform AWS provider writes them).

type policyDoc struct {
	Version    string             `json:",omitempty"`
	ID         string             `json:"Id,omitempty"`
	Statements []*policyStatement `json:"Statement,omitempty"`
}

type policyStatement struct {
	Sid           string       `json:",omitempty"`
	Effect        string       `json:",omitempty"`
	Actions       any          `json:"Action,omitempty"`
	NotActions    any          `json:"NotAction,omitempty"`
	Resources     any          `json:"Resource,omitempty"`
	NotResources  any          `json:"NotResource,omitempty"`
	Principals    principalSet `json:"Principal,omitempty"`
	NotPrincipals principalSet `json:"NotPrincipal,omitempty"`
	Conditions    conditionSet `json:"Condition,omitempty"`
}

type principal struct {
	Type        string
	Identifiers any // string or []string
}

type principalSet []principal

type condition struct {
	Test, Variable string
	Values         any // string or []string
}

type conditionSet []condition

// stringOrList is one value as a string, several sorted in reverse.
func stringOrList(ss []string) any {
	switch len(ss) {
	case 0:
		return nil
	case 1:
		return ss[0]
	}
	out := append([]string(nil), ss...)
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

// MarshalJSON writes principals as Terraform does: a bare "*" only for
// type "*" with identifier "*", else a map from type to identifiers.
func (ps principalSet) MarshalJSON() ([]byte, error) {
	if len(ps) == 1 && ps[0].Type == "*" {
		if id, ok := ps[0].Identifiers.(string); ok && id == "*" {
			return []byte(`"*"`), nil
		}
	}
	raw := map[string]any{}
	for _, p := range ps {
		ids := asStrings(p.Identifiers)
		switch prev := raw[p.Type].(type) {
		case nil:
			raw[p.Type] = p.Identifiers
		case string:
			raw[p.Type] = append([]string{prev}, ids...)
		case []string:
			raw[p.Type] = append(prev, ids...)
		}
	}
	return json.Marshal(raw)
}

// UnmarshalJSON reads "*" or a map of type to string or list.
func (ps *principalSet) UnmarshalJSON(b []byte) error {
	var star string
	if json.Unmarshal(b, &star) == nil {
		*ps = principalSet{{Type: "*", Identifiers: star}}
		return nil
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	types := make([]string, 0, len(raw))
	for t := range raw {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		*ps = append(*ps, principal{Type: t, Identifiers: stringOrList(asStrings(raw[t]))})
	}
	return nil
}

// MarshalJSON writes conditions as test → variable → values.
func (cs conditionSet) MarshalJSON() ([]byte, error) {
	raw := map[string]map[string]any{}
	for _, c := range cs {
		if raw[c.Test] == nil {
			raw[c.Test] = map[string]any{}
		}
		switch prev := raw[c.Test][c.Variable].(type) {
		case nil:
			raw[c.Test][c.Variable] = c.Values
		case string:
			raw[c.Test][c.Variable] = append([]string{prev}, asStrings(c.Values)...)
		case []string:
			raw[c.Test][c.Variable] = append(prev, asStrings(c.Values)...)
		}
	}
	return json.Marshal(raw)
}

// UnmarshalJSON reads test → variable → string or list.
func (cs *conditionSet) UnmarshalJSON(b []byte) error {
	var raw map[string]map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, test := range sortedKeys(raw) {
		for _, variable := range sortedKeys(raw[test]) {
			*cs = append(*cs, condition{Test: test, Variable: variable, Values: stringOrList(asStrings(raw[test][variable]))})
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// asStrings flattens a string, []string or []any of strings.
func asStrings(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []string:
		return t
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// UnmarshalJSON reads a statement of a source or override document,
// keeping single values and lists as they come.
func (s *policyStatement) UnmarshalJSON(b []byte) error {
	type plain policyStatement
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	for _, f := range []*any{&p.Actions, &p.NotActions, &p.Resources, &p.NotResources} {
		if l, ok := (*f).([]any); ok {
			*f = asStrings(l)
		}
	}
	*s = policyStatement(p)
	return nil
}
