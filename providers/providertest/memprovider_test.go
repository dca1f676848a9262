package providertest_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// memStore holds the "real objects" of the mem provider: id → value.
type memStore struct {
	mu     sync.Mutex
	values map[string]string
	next   atomic.Int64
}

func (s *memStore) get(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[id]
	return v, ok
}

func (s *memStore) put(id, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[id] = v
}

func (s *memStore) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.values, id)
}

// newMemProvider returns a provider of one resource type, mem_thing, whose
// objects live in store, with the named flaw ("" for none) to prove that
// the harness catches it.
func newMemProvider(store *memStore, flaw string) schema.Provider {
	r := kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"value": {Type: cty.String, Required: true, ForceNew: flaw != "in-place-for-forcenew"},
			"note":  {Type: cty.String, Optional: true},
			"id":    {Type: cty.String, Computed: true},
		}}},
		Create: func(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			id := strconv.FormatInt(store.next.Add(1), 10)
			v := kit.String(planned, "value")
			if flaw == "apply-ignores-plan" {
				v += "!"
			}
			store.put(id, v)
			return kit.SetAll(planned, map[string]cty.Value{"id": cty.StringVal(id), "value": cty.StringVal(v)}), nil
		},
		Read: func(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
			if flaw == "blind-read" {
				return prior, nil
			}
			if flaw == "unstable-read" {
				return kit.Set(prior, "note", cty.StringVal("changed by read")), nil
			}
			v, ok := store.get(kit.String(prior, "id"))
			if !ok {
				return cty.NilVal, nil
			}
			return kit.Set(prior, "value", cty.StringVal(v)), nil
		},
		Delete: func(ctx context.Context, prior cty.Value) schema.Diagnostics {
			if flaw != "delete-keeps" {
				store.remove(kit.String(prior, "id"))
			}
			return nil
		},
		Import: func(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
			v, ok := store.get(id)
			if !ok {
				return cty.NilVal, schema.Errorf(nil, "Not found", id)
			}
			if flaw == "import-wrong" {
				id += "0"
			}
			return cty.ObjectVal(map[string]cty.Value{
				"value": cty.StringVal(v), "note": cty.NullVal(cty.String), "id": cty.StringVal(id)}), nil
		},
	}
	if flaw == "plan-forgets-prior" {
		r.Plan = func(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
			return schema.PlanResourceResponse{PlannedState: kit.Set(req.ProposedNewState, "id", cty.UnknownVal(cty.String))}
		}
	}
	return &kit.Provider{Resources: map[string]kit.Resource{"mem_thing": r}}
}
