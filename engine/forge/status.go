package forge

import (
	"fmt"
	"strings"
)

// Commit status states, as GitHub names them. GitLab clients translate
// them (failure and error become "failed").
const (
	StatePending = "pending"
	StateSuccess = "success"
	StateFailure = "failure"
	StateError   = "error"
)

// Status is a commit status: the check shown next to a commit or pull
// request. Context names the check ("trueup/prod"); TargetURL links to the
// run on the agent's dashboard.
type Status struct {
	State, Context, Description, TargetURL string
}

func (s Status) validate() error {
	switch s.State {
	case StatePending, StateSuccess, StateFailure, StateError:
		return nil
	}
	return fmt.Errorf("invalid status state %q (want pending, success, failure or error)", s.State)
}

// descriptionLimit is the longest description GitHub accepts.
const descriptionLimit = 140

// shortDescription trims d to what the forges accept.
func shortDescription(d string) string { return clip(d, descriptionLimit) }

// withMarker returns body with marker in it, prepending it on a line of its
// own when the caller left it out, so that the next upsert finds it.
func withMarker(marker, body string) string {
	if strings.Contains(body, marker) {
		return body
	}
	return marker + "\n" + body
}

// splitRepo splits "owner/name" for GitHub.
func splitRepo(repo string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("repository %q is not of the form owner/name", repo)
	}
	return owner, name, nil
}
