package pgtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Shared starts one server however many tests ask for it at once, and
// Stop stops it: a connection to it fails afterwards.
func TestSharedStartsOneServerAndStopsIt(t *testing.T) {
	var sh Shared
	servers := make([]*Server, 4)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() { servers[i] = sh.Get(t) })
	}
	wg.Wait()
	for _, s := range servers[1:] {
		if s != servers[0] {
			t.Fatalf("Get returned two servers (ports %d and %d)", servers[0].Port, s.Port)
		}
	}
	url := servers[0].NewDatabase(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	sh.Stop()
	if c, err := pgx.Connect(ctx, url); err == nil {
		c.Close(ctx)
		t.Fatal("the server still answers after Stop")
	}
	sh.Stop() // a second Stop does nothing
}
