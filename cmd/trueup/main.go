// Command trueup is a GitOps reconciler for cloud infrastructure.
package main

import (
	"fmt"
	"os"

	"github.com/trueup/trueup/engine/version"
)

func main() {
	fmt.Printf("trueup %s (commit %s, %s)\n", version.Version, version.Commit, version.GoVersion())
	os.Exit(0)
}
