package forge

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

var hookSecret = []byte("It's a Secret to Everybody")

func TestSignedGitHubPushParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "github-push.json")
	ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders("push", sign(hookSecret, body)), bodyOf(body))
	must(t, err)
	want := &Event{
		Kind:         KindPush,
		RepoURLs:     []string{"https://github.com/acme/infra.git", "git@github.com:acme/infra.git", "https://github.com/acme/infra", "git://github.com/acme/infra.git"},
		RepoFullName: "acme/infra",
		Branch:       "main",
		HeadRef:      "refs/heads/main",
		HeadSHA:      "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
		BaseSHA:      "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
		Author:       "monalisa",
		Message:      "prod: add the audit bucket\n\nRequested in SEC-112.",
		ChangedFiles: []string{"modules/bucket/main.tf", "stacks/prod/audit.tf", "stacks/prod/logs.tf", "stacks/prod/old.tf"},
		Delivery:     "72d3162e-cc78-11e3-81ab-4c9367dc0958",
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("push event =\n%+v\nwant\n%+v", ev, want)
	}
}

func TestSignedGitHubPullRequestParsesIntoTheEvent(t *testing.T) {
	body := fixture(t, "github-pull_request.json")
	ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders("pull_request", sign(hookSecret, body)), bodyOf(body))
	must(t, err)
	want := &Event{
		Kind:         KindPullRequest,
		Action:       ActionSynchronize,
		RepoURLs:     []string{"https://github.com/acme/infra.git", "git@github.com:acme/infra.git", "https://github.com/acme/infra", "git://github.com/acme/infra.git"},
		RepoFullName: "acme/infra",
		Branch:       "main",
		HeadRef:      "refs/pull/42/head",
		HeadSHA:      "c0ffee254729296a45a3885639ac7ca1a2b3c4d5",
		BaseSHA:      "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
		Number:       42,
		Author:       "monalisa",
		Message:      "Add the audit bucket",
		Delivery:     "72d3162e-cc78-11e3-81ab-4c9367dc0958",
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("pull_request event =\n%+v\nwant\n%+v", ev, want)
	}
	if !ev.PlansPullRequest() {
		t.Error("a synchronize event does not ask for a plan")
	}
}

func TestGitHubEventVariants(t *testing.T) {
	push, pr := fixture(t, "github-push.json"), fixture(t, "github-pull_request.json")
	cases := []struct {
		name, event string
		body        []byte
		check       func(*Event) bool
	}{
		{"ping is recognised", "ping", fixture(t, "github-ping.json"),
			func(e *Event) bool { return e.Kind == KindPing && e.RepoFullName == "acme/infra" }},
		{"unknown events are other, with their action", "issues", []byte(`{"action":"opened","repository":{"full_name":"acme/infra"}}`),
			func(e *Event) bool { return e.Kind == KindOther && e.Action == "opened" && !e.PlansPullRequest() }},
		{"a merged pull request is merged and plans nothing", "pull_request",
			edit(t, edit(t, pr, "", map[string]any{"action": "closed"}), "pull_request", map[string]any{"merged": true}),
			func(e *Event) bool { return e.Action == ActionMerged && !e.PlansPullRequest() }},
		{"an opened pull request plans", "pull_request", edit(t, pr, "", map[string]any{"action": "opened"}),
			func(e *Event) bool { return e.Action == ActionOpened && e.PlansPullRequest() }},
		{"a branch deletion is marked deleted", "push",
			edit(t, push, "", map[string]any{"deleted": true, "after": zeroSHA, "head_commit": nil, "commits": []any{}}),
			func(e *Event) bool { return e.Action == ActionDeleted && e.Branch == "main" && e.ChangedFiles == nil }},
		{"a tag push has no branch", "push", edit(t, push, "", map[string]any{"ref": "refs/tags/v1.2.0"}),
			func(e *Event) bool { return e.Branch == "" && e.HeadRef == "refs/tags/v1.2.0" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders(tc.event, sign(hookSecret, tc.body)), bodyOf(tc.body))
			must(t, err)
			if !tc.check(ev) {
				t.Errorf("event = %+v", ev)
			}
		})
	}
}

func TestGitHubFormEncodedDeliveryIsAccepted(t *testing.T) {
	payload := fixture(t, "github-push.json")
	body := []byte("payload=" + url.QueryEscape(string(payload)))
	h := githubHeaders("push", sign(hookSecret, body))
	h["Content-Type"] = "application/x-www-form-urlencoded"
	ev, err := deliver(t, ParseGitHubEvent, hookSecret, h, bodyOf(body))
	must(t, err)
	if ev.HeadSHA != "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c" {
		t.Errorf("form-encoded push parsed to %+v", ev)
	}
}

func TestGitHubSignatureIsEnforcedWhenASecretIsSet(t *testing.T) {
	body := fixture(t, "github-push.json")
	cases := []struct {
		name, signature string
	}{
		{"missing signature is unauthorized", ""},
		{"signature under another secret is unauthorized", sign([]byte("guess"), body)},
		{"signature of another body is unauthorized", sign(hookSecret, append([]byte(" "), body...))},
		{"signature that is not hex is unauthorized", "sha256=zz"},
		{"sha1 signature is unauthorized", "sha1=" + strings.Repeat("0", 40)},
		{"correct sha1 HMAC in the sha256 header is unauthorized", signSHA1(hookSecret, body)},
		{"truncated signature is unauthorized", sign(hookSecret, body)[:40]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := deliver(t, ParseGitHubEvent, hookSecret, githubHeaders("push", tc.signature), bodyOf(body))
			if !errors.Is(err, ErrUnauthorized) || ev != nil {
				t.Errorf("got (%v, %v), want ErrUnauthorized", ev, err)
			}
		})
	}
}

func TestGitHubUnsignedDeliveryIsAcceptedWithoutASecret(t *testing.T) {
	body := fixture(t, "github-push.json")
	ev, err := deliver(t, ParseGitHubEvent, nil, githubHeaders("push", ""), bodyOf(body))
	must(t, err)
	if ev.RepoFullName != "acme/infra" {
		t.Errorf("unsigned push parsed to %+v", ev)
	}
}

func TestMalformedGitHubDeliveriesAreRejectedClearly(t *testing.T) {
	cases := []struct {
		name    string
		headers map[string]string
		body    io.Reader
		want    error
		mention string
	}{
		{"broken JSON is malformed and names the event", githubHeaders("push", ""), strings.NewReader(`{"ref": "refs/heads/main",`), ErrMalformed, "push payload"},
		{"a missing event header is malformed", map[string]string{"Content-Type": "application/json"}, strings.NewReader(`{}`), ErrMalformed, "X-GitHub-Event"},
		{"a form without payload is malformed", map[string]string{"X-GitHub-Event": "push", "Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader("a=b"), ErrMalformed, "payload"},
		{"a body over 25 MB is too large", githubHeaders("push", ""), io.LimitReader(zeroReader{}, MaxPayloadBytes+10), ErrPayloadTooLarge, "too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deliver(t, ParseGitHubEvent, nil, tc.headers, tc.body)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error = %v, want %v mentioning %q", err, tc.want, tc.mention)
			}
		})
	}
}

// zeroReader yields spaces forever.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// signSHA1 is the legacy X-Hub-Signature digest, which must not pass as
// X-Hub-Signature-256.
func signSHA1(secret, body []byte) string {
	mac := hmac.New(sha1.New, secret)
	mac.Write(body)
	return "sha1=" + hex.EncodeToString(mac.Sum(nil))
}
