//go:build !unix

package provisioners

import "os/exec"

// killGroupOnCancel leaves cmd as it is: a cancellation kills the command
// itself only.
func killGroupOnCancel(cmd *exec.Cmd) {}
