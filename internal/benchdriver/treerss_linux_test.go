package benchdriver

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// holdEnv makes the test binary a process that holds that many MiB of
// touched memory for holdFor; with holdChildEnv set, it first starts one
// child that does the same.
const (
	holdEnv      = "BENCHDRIVER_TEST_HOLD_MB"
	holdChildEnv = "BENCHDRIVER_TEST_HOLD_CHILD"
	holdFor      = 800 * time.Millisecond
)

func TestMain(m *testing.M) {
	if mb, err := strconv.Atoi(os.Getenv(holdEnv)); err == nil {
		os.Exit(hold(mb, os.Getenv(holdChildEnv) != ""))
	}
	os.Exit(m.Run())
}

// hold is the process TestPeakTreeCountsEveryProcess measures: with a
// child, it waits for the child's memory to be held before it holds its
// own for holdFor, so that both are held together for at least that long
// whatever the machine's load.
func hold(mb int, withChild bool) int {
	buf := make([]byte, mb<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	var child *exec.Cmd
	if withChild {
		child = exec.Command(os.Args[0])
		child.Env = filterEnv(os.Environ(), holdChildEnv)
		out, err := child.StdoutPipe()
		if err == nil {
			err = child.Start()
		}
		if err == nil {
			_, err = bufio.NewReader(out).ReadString('\n')
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			return 1
		}
	} else {
		fmt.Println("held")
	}
	time.Sleep(holdFor)
	if child != nil {
		if err := child.Wait(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return int(buf[len(buf)-4096]) - 1
}

// filterEnv drops name from env.
func filterEnv(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// TestPeakTreeCountsEveryProcess measures a process that holds 64 MiB
// while its child holds another 64: ru_maxrss sees the larger of the two,
// the tree's peak both at once.
func TestPeakTreeCountsEveryProcess(t *testing.T) {
	const mb = 64
	tool := Tool{Name: "hold", Exe: os.Args[0], Env: append(os.Environ(), holdEnv+"="+strconv.Itoa(mb), holdChildEnv+"=1")}
	m, err := tool.run(context.Background(), t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.PeakRSSMB < mb || m.PeakRSSMB > 2*mb {
		t.Errorf("peak RSS %.0f MB; want one process's, about %d", m.PeakRSSMB, mb)
	}
	if m.PeakTreeMB < 2*mb || m.PeakTreeMB < m.PeakRSSMB+mb*9/10 {
		t.Errorf("peak of all processes %.0f MB (largest one %.0f MB); want both processes' %d MB together", m.PeakTreeMB, m.PeakRSSMB, mb)
	}
}
