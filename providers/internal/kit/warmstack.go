package kit

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// A cloud SDK's call runs some hundred frames deep: aws-sdk-go-v2 passes
// each request through about forty middlewares, three frames each. The
// engine starts a goroutine per object, with the runtime's small first
// stack, and such a goroutine grew its stack by copying it, several
// times, every copy walking every frame: 14% of the CPU of a refreshing
// plan of 10,000 aws_s3_objects (docs/performance-log.md, "Warm
// stacks"). The types' calls run instead on goroutines kept for the
// purpose (onWarmStack), whose stacks have already grown; the runtime
// halves an idle one's stack at a GC at most, so a kept goroutine grows
// it again once per GC, not once per call.

// warmIdle is how long a kept goroutine waits for a call before it ends.
const warmIdle = 10 * time.Second

// warmCalls hands a call to a kept goroutine that is waiting for one.
var warmCalls = make(chan *warmCall)

// warmCall is one call and how it ended.
type warmCall struct {
	fn   func()
	done chan struct{}
	// panicked is set when fn did not return: it panicked with value
	// (stack is where), or called runtime.Goexit (value is nil).
	panicked bool
	value    any
	stack    []byte
}

var warmCallPool = sync.Pool{New: func() any { return &warmCall{done: make(chan struct{}, 1)} }}

// onWarmStack runs fn on a kept goroutine and returns when it has
// returned. A panic in fn is raised again here, as a *WarmPanic that
// prints as the value and holds the stack where it happened; a Goexit
// in fn (a test's FailNow) exits the calling goroutine.
func onWarmStack(fn func()) {
	c := warmCallPool.Get().(*warmCall)
	c.fn = fn
	select {
	case warmCalls <- c:
	default:
		go warmWorker(c)
	}
	<-c.done
	panicked, value, stack := c.panicked, c.value, c.stack
	*c = warmCall{done: c.done}
	warmCallPool.Put(c)
	switch {
	case panicked && value == nil:
		runtime.Goexit()
	case panicked:
		panic(&WarmPanic{Value: value, Stack: stack})
	}
}

// warmWorker runs c, then every call handed to it, until it has waited
// warmIdle for one or a call did not return.
func warmWorker(c *warmCall) {
	idle := time.NewTimer(warmIdle)
	defer idle.Stop()
	for {
		if !c.run() {
			return
		}
		idle.Reset(warmIdle)
		select {
		case c = <-warmCalls:
		case <-idle.C:
			return
		}
	}
}

// run calls c.fn and reports whether it returned.
func (c *warmCall) run() (returned bool) {
	defer func() {
		if !returned {
			c.panicked = true
			if c.value = recover(); c.value != nil {
				c.stack = debug.Stack()
			}
		}
		c.done <- struct{}{}
	}()
	c.fn()
	return true
}

// WarmPanic is a panic of a resource type's function, raised again on
// the goroutine that called it. It prints as the value it panicked with.
type WarmPanic struct {
	// Value is what the function panicked with.
	Value any
	// Stack is the stack of the kept goroutine at the panic.
	Stack []byte
}

// Error is the panic value's text.
func (p *WarmPanic) Error() string { return fmt.Sprint(p.Value) }

// Unwrap is the panic value when it is an error.
func (p *WarmPanic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}
