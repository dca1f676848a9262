package apply_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/interrupt"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

// interruptOnStart interrupts the run once (its first, soft level) as
// the first action is announced, and gives the walk time to act on it.
type interruptOnStart struct {
	hook.Nop
	once      sync.Once
	interrupt context.CancelFunc
}

func (h *interruptOnStart) PreApply(string, plans.Action, string) {
	h.once.Do(func() {
		h.interrupt()
		time.Sleep(100 * time.Millisecond) // the walk abandons what it may
	})
}

// TestAnAnnouncedActionFinishesAfterTheFirstInterrupt: once "Creating..."
// is shown, the create is in flight, and a first interrupt lets it finish
// and records it; what depends on it does not start.
func TestAnAnnouncedActionFinishesAfterTheFirstInterrupt(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  name = "a"
}
resource "test_thing" "b" {
  name = "b-${test_thing.a.id}"
}
`})
	p := s.MustPlan()
	hard, cancelHard := context.WithCancel(context.Background())
	defer cancelHard()
	ctx, cancel := context.WithCancel(interrupt.WithHard(context.Background(), hard))
	defer cancel()
	h := &interruptOnStart{interrupt: cancel}
	s.ApplyContext(ctx, p, func(o *apply.Options) { o.Hook = h })
	if got := s.Store.Names(); !slices.Equal(got, []string{"a"}) {
		t.Errorf("the platform holds %v, want a (announced before the interrupt) and not b", got)
	}
	if enginetest.Instance(s.State(), "test_thing.a") == nil {
		t.Error("the create announced before the interrupt is not recorded in state")
	}
}
