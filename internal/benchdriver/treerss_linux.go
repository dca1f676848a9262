//go:build linux

package benchdriver

import (
	"sync"
	"time"

	"github.com/prometheus/procfs"
)

// treeSampleEvery is how often watchTree sums its tree's resident memory.
//
// Each sample reads the status of every process on the machine (the
// kernel here has no /proc/PID/task/TID/children); every 50 ms keeps
// that a small share of a core, and a Go process's resident memory does
// not fall back within that time.
const treeSampleEvery = 50 * time.Millisecond

// treeWatch samples the resident memory of a process and all its
// descendants together: a tool that runs its providers as plugin
// processes (Terraform) uses the memory of all of them at once, which the
// child's ru_maxrss (the largest single process) does not show. Pages
// that two processes share are counted in each; between processes of
// different binaries there are few.
type treeWatch struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	peak uint64 // bytes
}

// watchTree starts sampling the tree rooted at pid.
func watchTree(pid int) *treeWatch {
	w := &treeWatch{stop: make(chan struct{}), done: make(chan struct{})}
	fs, err := procfs.NewDefaultFS()
	if err != nil {
		close(w.done)
		return w
	}
	go func() {
		defer close(w.done)
		tick := time.NewTicker(treeSampleEvery)
		defer tick.Stop()
		for {
			w.sample(fs, pid)
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// sample adds up the resident memory of pid and its descendants and keeps
// the largest sum seen.
func (w *treeWatch) sample(fs procfs.FS, root int) {
	procs, err := fs.AllProcs()
	if err != nil {
		return
	}
	parent := make(map[int]int, len(procs))
	rss := make(map[int]uint64, len(procs))
	for _, p := range procs {
		st, err := p.Stat()
		if err != nil {
			continue // exited since the listing
		}
		parent[p.PID] = st.PPID
		rss[p.PID] = uint64(st.ResidentMemory())
	}
	var sum uint64
	for pid, bytes := range rss {
		if inTree(pid, root, parent) {
			sum += bytes
		}
	}
	w.mu.Lock()
	w.peak = max(w.peak, sum)
	w.mu.Unlock()
}

// inTree reports whether pid is root or descends from it.
func inTree(pid, root int, parent map[int]int) bool {
	for range len(parent) + 1 { // a cycle cannot happen, but is not followed forever
		if pid == root {
			return true
		}
		next, ok := parent[pid]
		if !ok || next == 0 || next == pid {
			return false
		}
		pid = next
	}
	return false
}

// Stop ends the sampling and returns the largest sum seen, in MiB, or 0
// when the tree could not be read.
func (w *treeWatch) Stop() float64 {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return float64(w.peak) / (1 << 20)
}
