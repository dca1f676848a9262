package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/browsertest"
	"github.com/trueup/trueup/engine/agent/store"
)

// screenshots is where browser tests save their screenshots:
// TRUEUP_SCREENSHOTS=DIR keeps them for a person to look at.
func screenshots(t *testing.T) string {
	if dir := os.Getenv("TRUEUP_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// shot saves a screenshot and checks that it is a PNG of some size, so a
// blank or failed capture does not pass unnoticed.
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	path := filepath.Join(screenshots(t), name)
	b.Screenshot(path)
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 2000 || string(data[1:4]) != "PNG" {
		t.Fatalf("screenshot %s is not a PNG of a page (%d bytes, %v)", name, len(data), err)
	}
}

func TestStackPageInABrowser(t *testing.T) {
	srv, src, _ := newServer(t)
	if err := src.st.Create(&store.Run{Stack: "prod", Kind: store.KindPRPlan, Trigger: store.TriggerWebhook, Commit: "fedcba9876543210", PR: 42, Outcome: store.OutcomeSucceeded}); err != nil {
		t.Fatal(err)
	}
	src.lock = &Lock{PR: 42, Holder: "alice", Since: time.Now()}
	b := browsertest.Start(t)
	b.Open(srv.URL + "/")
	b.Find(`tr.stack[data-stack="prod"] a.stack-link`).Click()
	if got := b.Find("section#stack").Attr("data-stack"); got != "prod" {
		t.Fatalf("the stack link opened %q", got)
	}
	if text := b.Find("#stack-lock").Text(); !strings.Contains(text, "PR #42") || !strings.Contains(text, "alice") {
		t.Errorf("the lock card says %q", text)
	}
	if href := b.Find("#last-plan a.pr-link").Attr("href"); href != "https://github.com/acme/infra/pull/42" {
		t.Errorf("the last plan's PR links to %q", href)
	}
	if href := b.Find("#last-apply a.commit-link").Attr("href"); href != "https://github.com/acme/infra/commit/0123456789abcdef" {
		t.Errorf("the last apply's commit links to %q", href)
	}
	if text := b.Find("#last-drift").Text(); !strings.Contains(text, "none yet") {
		t.Errorf("the drift card says %q for a stack never checked", text)
	}
	shot(t, b, "stack.png")
}
