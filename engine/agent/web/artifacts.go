package web

import (
	"net/http"
	"time"
)

// Position states: where a build stands in one stage.
const (
	// PositionRunning: the stage runs the build it was last given (or
	// nothing newer is on its way).
	PositionRunning = "running"
	// PositionInReview: a promotion pull request waits for review and merge.
	PositionInReview = "in-review"
	// PositionApplying: the promotion is on the stage's branch and waits
	// for the stage's apply.
	PositionApplying = "applying"
	// PositionWaiting: the gate from the previous stage is not open yet
	// (soak time, a previous stage still applying).
	PositionWaiting = "waiting"
	// PositionStopped: a failure stops the promotion here (a failed apply,
	// drift, a failing health check, an unreadable source, a moved tag).
	PositionStopped = "stopped"
	// PositionUnknown: no promotion pass has reached the stage yet.
	PositionUnknown = "unknown"
)

// Position is where an artifact stands in one stage: the build the stage
// runs, the build last promoted there, or why the promotion waits or
// stopped.
type Position struct {
	Artifact string `json:"artifact"`
	Stage    string `json:"stage"`
	// State is one of the Position* states.
	State string `json:"state"`
	// Running is the build the stage's stacks last applied.
	Running string `json:"running,omitempty"`
	// Build, Digest, Commit, Branch and PR are the last promotion to the
	// stage.
	Build  string `json:"build,omitempty"`
	Digest string `json:"digest,omitempty"`
	Commit string `json:"commit,omitempty"`
	Branch string `json:"branch,omitempty"`
	PR     int    `json:"pr,omitempty"`
	// Waiting says why the build does not move on yet; Until, when set, is
	// when the soak time ends.
	Waiting string    `json:"waiting,omitempty"`
	Until   time.Time `json:"until,omitzero"`
	// Error says why the promotion stopped; Stack and Run, when known, are
	// where (the failed apply).
	Error    string    `json:"error,omitempty"`
	Stack    string    `json:"stack,omitempty"`
	Run      uint64    `json:"run,omitempty"`
	Checked  time.Time `json:"checked"`
	Promoted time.Time `json:"promoted,omitzero"`
}

// ArtifactBoard is every artifact's position along the stages.
type ArtifactBoard struct {
	// Stages are the stage names in promotion order.
	Stages []string `json:"stages"`
	// Artifacts are in configuration order.
	Artifacts []ArtifactRow `json:"artifacts"`
}

// ArtifactRow is one artifact's position in each stage, in stage order
// (State PositionUnknown where no pass has been yet).
type ArtifactRow struct {
	Name      string      `json:"name"`
	Positions []*Position `json:"positions"`
}

// Artifacts is what the artifacts page and GET /api/artifacts show.
type Artifacts interface {
	// ArtifactBoard returns the positions known now.
	ArtifactBoard() ArtifactBoard
}

// artifactRoutes serves the artifacts page and its JSON.
func (h *handler) artifactRoutes(mux *http.ServeMux, src Artifacts) {
	mux.HandleFunc("GET /artifacts", func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, "artifacts.html", map[string]any{"Board": board(src), "Now": time.Now()})
	})
	mux.HandleFunc("GET /api/artifacts", func(w http.ResponseWriter, r *http.Request) {
		b := board(src)
		positions := []*Position{}
		for _, row := range b.Artifacts {
			for _, p := range row.Positions {
				if p.State != PositionUnknown {
					positions = append(positions, p)
				}
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"stages": b.Stages, "artifacts": b.Artifacts, "positions": positions})
	})
}

// board is src's board, or an empty one when the agent promotes nothing.
func board(src Artifacts) ArtifactBoard {
	b := ArtifactBoard{Stages: []string{}, Artifacts: []ArtifactRow{}}
	if src != nil {
		got := src.ArtifactBoard()
		if got.Stages != nil {
			b.Stages = got.Stages
		}
		if got.Artifacts != nil {
			b.Artifacts = got.Artifacts
		}
	}
	return b
}
