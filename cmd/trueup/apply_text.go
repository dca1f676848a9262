package main

import (
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

// overlapText writes an auto-approved apply's plan text while the apply
// starts: the text of 10,000 changes takes about 80 ms to render, which
// the first calls' round trips can hide (docs/performance.md, "The plan's
// text beside the first calls"). The output reads as before: the apply's
// progress lines are held until the text is written (uiHook.holdOutput),
// and the apply keeps the values of what it applies until then
// (run.Request.PlanRead), since the text reads them.
type overlapText struct {
	c    *cli
	o    *opFlags
	hook *uiHook
	read chan struct{} // closed once the text is written
	// started says that start was called: only then is read closed.
	started bool
}

// newOverlapText prepares req's apply to overlap its text; nil when its
// hook is not the CLI's (then the text is written before the apply, as a
// question needs it).
func (c *cli) newOverlapText(req *run.Request, o *opFlags) *overlapText {
	h, ok := req.Hook.(*uiHook)
	if !ok {
		return nil
	}
	t := &overlapText{c: c, o: o, hook: h, read: make(chan struct{})}
	req.PlanRead = t.read
	return t
}

// start writes p's text in the background, holding the hook's lines
// until it is written.
func (t *overlapText) start(p *plans.Plan) {
	t.started = true
	t.hook.holdOutput()
	go func() {
		t.c.showPlanStream(p, t.o)
		t.hook.releaseOutput()
		close(t.read)
	}()
}

// wait returns once the text, if started, is written: what the command
// prints after the run follows it.
func (t *overlapText) wait() {
	if t != nil && t.started {
		<-t.read
	}
}
