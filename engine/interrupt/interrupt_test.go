package interrupt_test

import (
	"context"
	"testing"

	"github.com/trueup/trueup/engine/interrupt"
)

func TestCallsOutliveTheFirstInterruptButNotTheSecond(t *testing.T) {
	hard, cancelHard := context.WithCancel(context.Background())
	run, cancelRun := context.WithCancel(interrupt.WithHard(context.Background(), hard))
	call, done := interrupt.Calls(run)
	defer done()

	cancelRun()
	if call.Err() != nil {
		t.Fatalf("the first interrupt cancelled an in-flight call: %v", call.Err())
	}
	if interrupt.Hard(run) {
		t.Fatal("Hard before the second interrupt")
	}
	cancelHard()
	<-call.Done()
	if !interrupt.Hard(run) {
		t.Fatal("not Hard after the second interrupt")
	}
}

func TestCallsWithoutAHardContextAreNeverCancelledByTheRun(t *testing.T) {
	run, cancelRun := context.WithCancel(context.Background())
	call, done := interrupt.Calls(run)
	cancelRun()
	if call.Err() != nil {
		t.Fatalf("call cancelled with the run: %v", call.Err())
	}
	done()
	if call.Err() == nil {
		t.Fatal("the returned cancel did not cancel the call")
	}
}
