package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/trueup/trueup/engine/interrupt"
	"github.com/trueup/trueup/providers/plugin"
)

func main() {
	stop := startProfiles()
	code := realMain(os.Args[1:])
	stop()
	os.Exit(code)
}

// startProfiles starts the profiles a build with -tags profile asks for
// (profile.go) and returns what ends them; otherwise it does nothing.
var startProfiles = func() func() { return func() {} }

// hardStopGrace bounds how long a twice-interrupted command may take to
// cancel its in-flight calls, save state and release its lock before it
// exits regardless.
const hardStopGrace = 15 * time.Second

// exitInterrupted is the exit code of a command interrupted twice, as a
// shell reports a process ended by SIGINT (128+2).
const exitInterrupted = 130

// realMain executes one command line and returns the process exit code.
// The first SIGINT or SIGTERM cancels the command's context: no new
// operation starts, in-flight ones finish, state is saved. The second
// cancels in-flight calls too (engine/interrupt); the command saves state,
// releases its lock and exits 130, within hardStopGrace.
func realMain(args []string) int {
	hard, cancelHard := context.WithCancel(context.Background())
	defer cancelHard()
	ctx, cancel := context.WithCancel(interrupt.WithHard(context.Background(), hard))
	defer cancel()
	if err := setFileLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		return 1
	}
	if err := setLockLease(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		return 1
	}
	// Standard output is written in batches unless it is a terminal
	// (stdout.go); standard error, and the exit, come after it.
	stdout := newStdout(os.Stdout)
	defer flushStdout(stdout)
	stderr := afterStdout{stdout: stdout, w: os.Stderr}
	// Every plugin process ends with the command, whatever path it took.
	defer plugin.CleanupProcesses()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		fmt.Fprintln(stderr, "\nInterrupt received: finishing in-flight operations and saving state. Press Ctrl-C again to cancel them.")
		cancel()
		<-sigs
		fmt.Fprintln(stderr, "Second interrupt: cancelling in-flight operations, saving state and releasing the lock.")
		cancelHard()
		select {
		case <-sigs:
		case <-time.After(hardStopGrace):
		}
		fmt.Fprintln(stderr, "Exiting without waiting any longer. State may be incomplete; the lock may need `trueup force-unlock`.")
		plugin.CleanupProcesses()
		os.Exit(exitInterrupted)
	}()
	code := newCLI(os.Stdin, stdout, stderr).run(ctx, args)
	if hard.Err() != nil {
		// Interrupted twice: 130 even when the command (the agent) then
		// wound down cleanly, as a shell expects of SIGINT.
		return exitInterrupted
	}
	return code
}
