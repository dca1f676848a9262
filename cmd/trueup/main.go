// Command trueup is a GitOps reconciler for cloud infrastructure: it plans
// and applies Terraform-language configurations through built-in providers,
// with state stored under a lock.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

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

// realMain executes one command line and returns the process exit code.
func realMain(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := setFileLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		return 1
	}
	// Every plugin process ends with the command, whatever path it took.
	defer plugin.CleanupProcesses()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		fmt.Fprintln(os.Stderr, "\nInterrupt received: finishing in-flight operations and saving state. Press Ctrl-C again to exit at once.")
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "Second interrupt: exiting immediately. State may be incomplete; the lock may need `trueup force-unlock`.")
		plugin.CleanupProcesses()
		os.Exit(1)
	}()
	return newCLI(os.Stdin, os.Stdout, os.Stderr).run(ctx, args)
}
