package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/trueup/trueup/engine/run"
)

// setFileLimit applies TRUEUP_MAX_FILE_BYTES, the largest file the file
// functions read (run.SetMaxFileBytes, 512 MiB by default).
func setFileLimit() error {
	v := os.Getenv("TRUEUP_MAX_FILE_BYTES")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("TRUEUP_MAX_FILE_BYTES=%q: want a positive number of bytes", v)
	}
	run.SetMaxFileBytes(n)
	return nil
}
