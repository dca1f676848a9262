package forge

import (
	"errors"
	"reflect"
	"testing"
)

var gitlabURLsWant = []string{
	"https://gitlab.example.com/platform/infra/live.git",
	"git@gitlab.example.com:platform/infra/live.git",
	"https://gitlab.example.com/platform/infra/live",
}

func gitlabHeaders(event, token string) map[string]string {
	h := map[string]string{"X-Gitlab-Event": event, "Content-Type": "application/json", "X-Gitlab-Event-UUID": "13792a34-cac6-4fda-95a8-c58e00a3954e"}
	if token != "" {
		h["X-Gitlab-Token"] = token
	}
	return h
}

func TestGitLabPushParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "gitlab-push.json")
	ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Push Hook", string(hookSecret)), bodyOf(body))
	must(t, err)
	want := &Event{
		Kind:         KindPush,
		RepoURLs:     gitlabURLsWant,
		RepoFullName: "platform/infra/live",
		Branch:       "main",
		HeadRef:      "refs/heads/main",
		HeadSHA:      "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
		BaseSHA:      "95790bf891e76fee5e1747ab589903a6a1f80f22",
		Author:       "jsmith",
		Message:      "Raise the log retention to 90 days\n\nAudit asked for it.",
		ChangedFiles: []string{"modules/logs/main.tf", "prod/bucket.tf", "prod/legacy.tf", "prod/policy.tf"},
		Delivery:     "13792a34-cac6-4fda-95a8-c58e00a3954e",
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("push event =\n%+v\nwant\n%+v", ev, want)
	}
}

func TestGitLabMergeRequestParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "gitlab-merge_request.json")
	ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Merge Request Hook", string(hookSecret)), bodyOf(body))
	must(t, err)
	want := &Event{
		Kind:         KindPullRequest,
		Action:       ActionSynchronize,
		RepoURLs:     gitlabURLsWant,
		RepoFullName: "platform/infra/live",
		Branch:       "main",
		HeadRef:      "refs/merge-requests/17/head",
		HeadSHA:      "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
		Number:       17,
		Author:       "root",
		Message:      "Raise the log retention to 90 days",
		Delivery:     "13792a34-cac6-4fda-95a8-c58e00a3954e",
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("merge request event =\n%+v\nwant\n%+v", ev, want)
	}
}

func TestGitLabMergeRequestActionsAreNormalised(t *testing.T) {
	mr := fixture(t, "gitlab-merge_request.json")
	cases := []struct {
		name   string
		attrs  map[string]any
		action string
		plans  bool
	}{
		{"open becomes opened and plans", map[string]any{"action": "open", "oldrev": nil}, ActionOpened, true},
		{"reopen becomes reopened and plans", map[string]any{"action": "reopen", "oldrev": nil}, ActionReopened, true},
		{"update with new commits becomes synchronize and plans", map[string]any{"action": "update"}, ActionSynchronize, true},
		{"update without new commits becomes edited and plans nothing", map[string]any{"action": "update", "oldrev": nil}, ActionEdited, false},
		{"merge becomes merged and plans nothing", map[string]any{"action": "merge", "oldrev": nil}, ActionMerged, false},
		{"close becomes closed", map[string]any{"action": "close", "oldrev": nil}, ActionClosed, false},
		{"approved stays approved", map[string]any{"action": "approved", "oldrev": nil}, "approved", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := edit(t, mr, "object_attributes", tc.attrs)
			ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Merge Request Hook", string(hookSecret)), bodyOf(body))
			must(t, err)
			if ev.Action != tc.action || ev.PlansPullRequest() != tc.plans {
				t.Errorf("action %v → %q (plans %v), want %q (plans %v)", tc.attrs["action"], ev.Action, ev.PlansPullRequest(), tc.action, tc.plans)
			}
		})
	}
}

func TestGitLabOtherHooksAndDeletions(t *testing.T) {
	push := fixture(t, "gitlab-push.json")
	tag, err := deliver(t, ParseGitLabEvent, nil, gitlabHeaders("Tag Push Hook", ""), bodyOf(edit(t, push, "", map[string]any{"object_kind": "tag_push", "ref": "refs/tags/v1"})))
	must(t, err)
	if tag.Kind != KindOther || tag.RepoFullName != "platform/infra/live" {
		t.Errorf("tag push = %+v, want kind other naming the project", tag)
	}
	del, err := deliver(t, ParseGitLabEvent, nil, gitlabHeaders("Push Hook", ""), bodyOf(edit(t, push, "", map[string]any{"after": zeroSHA, "checkout_sha": nil, "commits": []any{}})))
	must(t, err)
	if del.Action != ActionDeleted || del.Branch != "main" {
		t.Errorf("branch deletion = %+v, want action deleted on main", del)
	}
}

func TestGitLabTokenIsEnforcedWhenASecretIsSet(t *testing.T) {
	body := fixture(t, "gitlab-push.json")
	for name, token := range map[string]string{
		"missing token is unauthorized":         "",
		"wrong token is unauthorized":           "It's a Secret to Everybody!",
		"prefix of the token is unauthorized":   string(hookSecret[:5]),
		"token with other case is unauthorized": "it's a secret to everybody",
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Push Hook", token), bodyOf(body))
			if !errors.Is(err, ErrUnauthorized) || ev != nil {
				t.Errorf("got (%v, %v), want ErrUnauthorized", ev, err)
			}
		})
	}
	t.Run("no secret accepts an unsigned delivery", func(t *testing.T) {
		ev, err := deliver(t, ParseGitLabEvent, nil, gitlabHeaders("Push Hook", ""), bodyOf(body))
		must(t, err)
		if ev.Kind != KindPush {
			t.Errorf("event = %+v", ev)
		}
	})
	t.Run("malformed JSON with the right token is malformed", func(t *testing.T) {
		_, err := deliver(t, ParseGitLabEvent, hookSecret, gitlabHeaders("Merge Request Hook", string(hookSecret)), bodyOf([]byte(`{"object_attributes": [`)))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("error = %v, want ErrMalformed", err)
		}
	})
}
