package main

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// logFile is the process's log destination, opened once.
var logFile struct {
	once sync.Once
	w    io.Writer
}

// logOutput returns where logs go: the file TF_LOG_PATH names, appended
// to as Terraform does, else stderr. A file that cannot be opened is
// reported once on stderr and logs go to stderr.
func logOutput() io.Writer {
	logFile.once.Do(func() {
		logFile.w = os.Stderr
		path := os.Getenv("TF_LOG_PATH")
		if path == "" {
			return
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			fmt.Fprintf(os.Stderr, "Warning: cannot open TF_LOG_PATH, logging to stderr: %v\n", err)
			return
		}
		logFile.w = f
	})
	return logFile.w
}
