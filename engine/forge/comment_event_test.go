package forge

import (
	"reflect"
	"testing"
)

func TestGitHubPullRequestCommentParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "github-issue_comment.json")
	ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders("issue_comment", sign(hookSecret, body)), bodyOf(body))
	must(t, err)
	want := &Event{
		Kind:         KindComment,
		Action:       "created",
		RepoURLs:     []string{"https://github.com/acme/infra.git", "git@github.com:acme/infra.git", "https://github.com/acme/infra", "git://github.com/acme/infra.git"},
		RepoFullName: "acme/infra",
		HeadRef:      "refs/pull/42/head",
		Number:       42,
		Author:       "hubot",
		CommentID:    1362113456,
		CommentBody:  "trueup plan -p prod -- -var=replicas=3",
		Delivery:     "72d3162e-cc78-11e3-81ab-4c9367dc0958",
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("comment event =\n%+v\nwant\n%+v", ev, want)
	}
}

func TestGitHubCommentsThatAreNotNewOnAPullRequestAreOther(t *testing.T) {
	raw := fixture(t, "github-issue_comment.json")
	for name, body := range map[string][]byte{
		"edited":           edit(t, raw, "", map[string]any{"action": "edited"}),
		"on a plain issue": edit(t, raw, "issue", map[string]any{"pull_request": nil}),
	} {
		ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders("issue_comment", sign(hookSecret, body)), bodyOf(body))
		must(t, err)
		if ev.Kind != KindOther || ev.CommentBody != "" {
			t.Errorf("%s: event %+v, want other", name, ev)
		}
	}
}

func TestGitLabMergeRequestNoteParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "gitlab-note.json")
	ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Note Hook", string(hookSecret)), bodyOf(body))
	must(t, err)
	if ev.Kind != KindComment || ev.Number != 3 || ev.Author != "ann" || ev.CommentID != 1244 || ev.CommentBody != "trueup help" ||
		ev.HeadSHA != "da1560886d4f094c3e6c9ef40349f7d38b5d27d7" || ev.HeadRef != "refs/merge-requests/3/head" ||
		ev.Branch != "main" || ev.RepoFullName != "acme/infra" {
		t.Errorf("note event %+v", ev)
	}
	for name, body := range map[string][]byte{
		"system note":    edit(t, body, "object_attributes", map[string]any{"system": true}),
		"on an issue":    edit(t, body, "object_attributes", map[string]any{"noteable_type": "Issue"}),
		"an edited note": edit(t, body, "object_attributes", map[string]any{"action": "update"}),
	} {
		ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Note Hook", string(hookSecret)), bodyOf(body))
		must(t, err)
		if ev.Kind != KindOther {
			t.Errorf("%s: event %+v, want other", name, ev)
		}
	}
}
