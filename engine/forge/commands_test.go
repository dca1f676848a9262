package forge

import (
	"context"
	"reflect"
	"testing"
)

// commandLevels are each forge's own names for none, read, write, admin.
var commandLevels = map[string][4]string{
	"github": {"none", "read", "write", "admin"},
	"gitlab": {"5", "20", "30", "50"},
}

func TestAccessIsReadFromTheForge(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		cc := c.(commandClient)
		levels := commandLevels[k.name]
		f.setAccess("reader", levels[1])
		f.setAccess("writer", levels[2])
		f.setAccess("owner", levels[3])
		if k.name == "github" {
			f.setAccess("maintainer", "maintain")
		} else {
			f.setAccess("maintainer", "40")
		}
		for user, want := range map[string]Access{"reader": AccessRead, "writer": AccessWrite, "maintainer": AccessWrite, "owner": AccessAdmin, "stranger": AccessNone} {
			got, err := cc.Access(context.Background(), k.repo, user)
			if err != nil || got != want {
				t.Errorf("Access(%s) = %v, %v; want %v", user, got, err, want)
			}
		}
	})
}

func TestReactionsReachTheComment(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		if err := c.(commandClient).React(context.Background(), k.repo, 7, 4242, ReactionOK); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"github": "+1", "gitlab": "thumbsup"}[k.name]
		got := f.reactionsReceived()
		if len(got) != 1 || got[0].CommentID != 4242 || got[0].Name != want || got[0].Repo != k.repo {
			t.Errorf("reactions %+v, want %s on 4242", got, want)
		}
	})
}

func TestPullRequestIsRead(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		state := map[string]string{"github": "open", "gitlab": "opened"}[k.name]
		reviews := [][2]string{{"bob", "APPROVED"}, {"cy", "APPROVED"}, {"cy", "CHANGES_REQUESTED"}, {"dee", "COMMENTED"}}
		if k.name == "gitlab" {
			reviews = [][2]string{{"bob", "APPROVED"}} // GitLab keeps only standing approvals
		}
		f.setPR(k.repo, 7, fakePR{Head: "c0ffee", Base: "ba5e", BaseBranch: "main", Author: "ann", State: state, Mergeable: true, Reviews: reviews})
		pr, err := c.(commandClient).PullRequest(context.Background(), k.repo, 7)
		if err != nil {
			t.Fatal(err)
		}
		want := PullRequest{HeadSHA: "c0ffee", BaseSHA: "ba5e", BaseBranch: "main", Author: "ann", Title: "t", Open: true, Mergeable: true, Approvers: []string{"bob"}}
		if !reflect.DeepEqual(*pr, want) {
			t.Errorf("pull request %+v", pr)
		}
		if _, err := c.(commandClient).PullRequest(context.Background(), k.repo, 8); !isNotFound(err) {
			t.Errorf("a missing pull request: error %v, want a 404", err)
		}
	})
}
