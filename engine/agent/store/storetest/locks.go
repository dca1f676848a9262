package storetest

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

func testLocks(t *testing.T, backing Backing) {
	open := backing(t)
	s := open(t)
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	if l, err := s.StackLock("net"); err != nil || l != nil {
		t.Fatalf("StackLock of an unlocked stack = %+v, %v", l, err)
	}
	pr7 := &store.Lock{Stack: "net", Forge: "github", Repo: "acme/infra", PR: 7, URL: "https://example.com/acme/infra/pull/7", User: "ann", Since: at}
	held, ok, err := s.LockStack(pr7)
	if err != nil || !ok || held.PR != 7 {
		t.Fatalf("first LockStack = %+v, %v, %v", held, ok, err)
	}
	// The same pull request again keeps its lock and its time.
	again := *pr7
	again.Since, again.User = at.Add(time.Hour), "bob"
	held, ok, err = s.LockStack(&again)
	if err != nil || !ok || !held.Since.Equal(at) || held.User != "ann" {
		t.Errorf("LockStack by the holder = %+v, %v, %v; want the first lock kept", held, ok, err)
	}
	// Another pull request (same number, other repository) is refused
	// and told who holds it.
	other := &store.Lock{Stack: "net", Forge: "github", Repo: "acme/other", PR: 7, User: "carl", Since: at.Add(time.Minute)}
	held, ok, err = s.LockStack(other)
	if err != nil || ok || held.Repo != "acme/infra" || held.PR != 7 || held.User != "ann" || held.URL != pr7.URL || !held.Since.Equal(at) {
		t.Errorf("LockStack by another pull request = %+v, %v, %v; want refused with the holder", held, ok, err)
	}
	mustLock(t, s, &store.Lock{Stack: "app", Forge: "github", Repo: "acme/infra", PR: 7, User: "ann", Since: at})
	mustLock(t, s, &store.Lock{Stack: "db", Forge: "gitlab", Repo: "acme/infra", PR: 9, User: "dora", Since: at})
	must(t, s.Close())

	s = open(t) // locks survive a restart
	defer s.Close()
	all, err := s.Locks()
	if err != nil || len(all) != 3 || all[0].Stack != "app" || all[1].Stack != "db" || all[2].Stack != "net" {
		t.Fatalf("Locks = %+v, %v; want app, db, net", all, err)
	}
	gone, err := s.UnlockPR("github", "acme/infra", 7)
	if err != nil || len(gone) != 2 || gone[0].Stack != "app" || gone[1].Stack != "net" {
		t.Fatalf("UnlockPR = %+v, %v; want app and net", gone, err)
	}
	if l, _ := s.StackLock("db"); l == nil || l.PR != 9 {
		t.Errorf("another pull request's lock went with UnlockPR: %+v", l)
	}
	if l, err := s.UnlockStack("db"); err != nil || l.User != "dora" {
		t.Errorf("UnlockStack(db) = %+v, %v", l, err)
	}
	if _, err := s.UnlockStack("db"); err != store.ErrLockNotFound {
		t.Errorf("UnlockStack of an unlocked stack = %v, want ErrLockNotFound", err)
	}
	if gone, err := s.UnlockPR("github", "acme/infra", 7); err != nil || len(gone) != 0 {
		t.Errorf("second UnlockPR = %+v, %v", gone, err)
	}
	// Released, the stack can be locked by the other pull request.
	if held, ok, err := s.LockStack(other); err != nil || !ok || held.Repo != "acme/other" {
		t.Errorf("LockStack after release = %+v, %v, %v", held, ok, err)
	}
}

func mustLock(t *testing.T, s Store, l *store.Lock) {
	t.Helper()
	_, ok, err := s.LockStack(l)
	if err != nil || !ok {
		t.Fatalf("LockStack = %v, %v", ok, err)
	}
}
