package s3_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
)

func TestSmoke(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"b"}})
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Debug})
	b := mustNew(t, sandboxConfig(sb, "b", "a/terraform.tfstate"), log)
	ctx := context.Background()
	st, err := b.Read(ctx)
	t.Logf("read: %v %v", st, err)
	s := state.New()
	s.Serial = 1
	if err := b.Write(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Serial = 2
	if err := b.Write(ctx, s); err != nil {
		t.Fatal(err)
	}
	id, err := b.Lock(ctx, &state.LockInfo{Who: "me", Operation: "apply", Expires: time.Now().Add(time.Minute)})
	t.Logf("lock: %v %v", id, err)
	b2 := mustNew(t, sandboxConfig(sb, "b", "a/terraform.tfstate"), log)
	_, err = b2.Lock(ctx, &state.LockInfo{Who: "you", Operation: "plan"})
	t.Logf("lock2: %v", err)
	t.Log(b.Renew(ctx, id))
	t.Log(b.Unlock(ctx, id))
	_, err = b2.Read(ctx)
	t.Log(err)
	s.Serial = 3
	t.Log(b2.Write(ctx, s))
	s.Serial = 4
	t.Log(b.Write(ctx, s))
}
