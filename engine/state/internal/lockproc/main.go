// Command lockproc takes the local backend's state lock as a separate
// process would, for the tests of package state that prove locking works
// between processes. It is built by those tests and used by nothing else.
//
// It waits for the -start file to exist (so that several copies contend at
// once), takes the lock on -state (retrying up to -timeout), prints
// "LOCKED <id>" or "CONTENDED <error>" on stdout, then holds the lock until
// the -release file exists and unlocks. Log lines go to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
)

func main() {
	statePath := flag.String("state", "terraform.tfstate", "state file whose lock to take")
	op := flag.String("op", "OperationTypeApply", "operation recorded in the lock")
	start := flag.String("start", "", "wait for this file to exist before locking")
	release := flag.String("release", "", "hold the lock until this file exists")
	timeout := flag.Duration("timeout", 0, "how long to wait for a held lock")
	lease := flag.Duration("lease", 0, "lease length; 0 for a lock that never expires")
	flag.Parse()

	if err := run(*statePath, *op, *start, *release, *timeout, *lease); err != nil {
		fmt.Fprintln(os.Stderr, "lockproc:", err)
		os.Exit(1)
	}
}

func run(statePath, op, start, release string, timeout, lease time.Duration) error {
	log := hclog.New(&hclog.LoggerOptions{Name: "lockproc", Output: os.Stderr, Level: hclog.Info})
	ctx := state.WithLockNotice(context.Background(), func(msg string) { log.Warn(msg) })
	if err := waitFor(start); err != nil {
		return err
	}
	b := state.NewLocal(statePath)
	info := state.NewLockInfo(op)
	if lease > 0 {
		info.Expires = info.Created.Add(lease)
	}
	id, err := state.LockWithRetry(ctx, b, info, timeout, log)
	var held *state.LockError
	if errors.As(err, &held) {
		fmt.Println("CONTENDED", err)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Println("LOCKED", id)
	if err := waitFor(release); err != nil {
		return err
	}
	return b.Unlock(ctx, id)
}

// waitFor polls until path exists; an empty path does not wait.
func waitFor(path string) error {
	for path != "" {
		_, err := os.Stat(path)
		if err == nil {
			return nil
		}
		if !os.IsNotExist(err) {
			return err
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}
