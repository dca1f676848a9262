package agent

import (
	"context"
	"errors"

	"github.com/trueup/trueup/engine/agent/web"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
)

// positionState is where p leaves the build: stopped, waiting, on its way
// (in review, or pushed and waiting for the apply) or running.
func positionState(p *Position) string {
	switch {
	case p.Error != "":
		return web.PositionStopped
	case p.Waiting != "":
		return web.PositionWaiting
	case p.Build != "" && p.Build != p.Running && p.PR != 0:
		return web.PositionInReview
	case p.Build != "" && p.Build != p.Running:
		return web.PositionApplying
	}
	return web.PositionRunning
}

// stopAt records on p the stack and run a stopError names.
func stopAt(p *Position, err error) {
	var stop *stopError
	if errors.As(err, &stop) {
		p.Stack, p.Run = stop.stack, stop.run
	}
}

// runningTag is the build a stage's stacks last applied: the tag the
// first stack's marker of art names at its last applied commit ("" when
// it has not applied, or the marker cannot be read: the promotion pass
// reports those itself).
func (a *Agent) runningTag(ctx context.Context, art *artconfig.Artifact, stage *artconfig.Stage) string {
	if len(stage.Stacks) == 0 {
		return ""
	}
	st, err := a.store.StackStatus(stage.Stacks[0])
	if err != nil || st.LastAppliedCommit == "" {
		return ""
	}
	tag, err := a.markedTag(ctx, art, stage.Stacks[0], st.LastAppliedCommit)
	if err != nil {
		a.log.Debug("could not read the build a stage runs", "artifact", art.Name, "stage", stage.Name, "error", err)
		return ""
	}
	return tag
}
