package plan_test

import (
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

// chainsTF is two independent chains: a <- b and c <- d.
func chainsTF(aSize int, withD bool) map[string]string {
	tf := `
resource "test_thing" "a" {
  name = "a"
  size = ` + strconv.Itoa(aSize) + `
}
resource "test_thing" "b" {
  name = "b"
  tags = { a = test_thing.a.size }
}
resource "test_thing" "c" {
  name = "c"
}
`
	if withD {
		tf += `
resource "test_thing" "d" {
  name = "d"
  tags = { c = test_thing.c.id }
}
`
	}
	return map[string]string{"main.tf": tf}
}

// readsHook records the objects a plan reads from their providers.
type readsHook struct {
	hook.Nop
	mu    sync.Mutex
	reads []string
}

func (h *readsHook) PreRefresh(addr string) {
	h.mu.Lock()
	h.reads = append(h.reads, addr)
	h.mu.Unlock()
}

func (h *readsHook) sorted() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Sorted(slices.Values(h.reads))
}

func planRefreshingChanged(s *enginetest.Stack) (*plans.Plan, []string) {
	h := &readsHook{}
	p := s.MustPlan(func(o *plan.Options) { o.RefreshChanged, o.Hook = true, h })
	return p, h.sorted()
}

func TestRefreshChangedReadsOnlyWhatTheChangeTouches(t *testing.T) {
	s := enginetest.New(t, chainsTF(1, true))
	s.MustApply()
	// Out of band: a's and c's zones change.
	for _, name := range []string{"test_thing.a", "test_thing.c"} {
		changeOutOfBand(s, name, "zone", cty.StringVal("moved"))
	}

	t.Run("no change reads nothing", func(t *testing.T) {
		p, reads := planRefreshingChanged(s)
		if len(reads) != 0 || p.Refreshed != 0 || p.Stored != 4 {
			t.Fatalf("read %v (%d of %d), want nothing of 4", reads, p.Refreshed, p.Stored)
		}
		if p.HasChanges() || len(p.Drift) != 0 {
			t.Fatalf("planned changes %v or drift %v, want a no-op from stored values", p.Counts(), p.Drift)
		}
	})

	t.Run("a change reads its object and its dependents", func(t *testing.T) {
		s.SetConfig(chainsTF(2, true))
		p, reads := planRefreshingChanged(s)
		if want := []string{"test_thing.a", "test_thing.b"}; !slices.Equal(reads, want) {
			t.Fatalf("read %v, want %v", reads, want)
		}
		if p.Refreshed != 2 || p.Stored != 4 {
			t.Errorf("counts %d of %d, want 2 of 4", p.Refreshed, p.Stored)
		}
		if len(p.Drift) != 1 || p.Drift[0].Addr.String() != "test_thing.a" {
			t.Fatalf("drift %v, want test_thing.a's (c's is not looked for)", p.Drift)
		}
		// a is planned against what exists: its zone, changed out of band,
		// is its prior value, and the configured zone (force-new) replaces
		// it, as a full refresh would plan; from the stored value it would
		// be an update of its size only.
		rc := enginetest.Change(p, "test_thing.a")
		if !rc.Action.IsReplace() || !rc.Before.GetAttr("zone").RawEquals(cty.StringVal("moved")) {
			t.Errorf("a planned %s from zone %#v, want a replacement from the refreshed zone", rc.Action, rc.Before.GetAttr("zone"))
		}
		if rc := enginetest.Change(p, "test_thing.c"); rc.Action != plans.NoOp {
			t.Errorf("c planned %s, want a no-op from its stored value", rc.Action)
		}
	})

	t.Run("an orphan is read before it is deleted", func(t *testing.T) {
		s.SetConfig(chainsTF(1, false))
		s.Store.Delete(s.ID("test_thing.d"))
		p, reads := planRefreshingChanged(s)
		if want := []string{"test_thing.d"}; !slices.Equal(reads, want) {
			t.Fatalf("read %v, want %v", reads, want)
		}
		if rc := enginetest.Change(p, "test_thing.d"); rc != nil && rc.Action == plans.Delete {
			t.Fatalf("planned to delete d, which is already gone")
		}
	})

	t.Run("a destroy plan reads everything", func(t *testing.T) {
		h := &readsHook{}
		s.MustPlan(func(o *plan.Options) { o.RefreshChanged, o.Hook, o.Mode = true, h, plans.DestroyMode })
		if got := h.sorted(); len(got) != 4 {
			t.Fatalf("a destroy plan read %v, want all 4 objects", got)
		}
	})
}
