package benchdriver

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The latency-bound cases: N aws_s3_object against `trueup sandbox
// -latency=L`, at -parallelism=P. Each request costs at least L, so an
// operation that makes C requests in all cannot take less than C×L/P
// (the limit); the cases report the requests the sandbox counted by
// operation, and how far each run is from its limit.
const (
	CaseLatApply   = "apply"           // create N objects
	CaseLatPlan    = "plan"            // no-op plan, refreshing every object
	CaseLatFull    = "change-one/full" // one object's content changed, full refresh
	CaseLatChanged = "change-one/refresh=changed"
)

// latencyCaseOrder is the order the latency cases run and print in.
var latencyCaseOrder = []string{CaseLatApply, CaseLatPlan, CaseLatFull, CaseLatChanged}

// LatencyRun is one latency-bound measurement at one size.
type LatencyRun struct {
	N           int     `json:"n"`
	LatencyMS   float64 `json:"latency_ms"`
	Parallelism int     `json:"parallelism"`
	// Cases maps a case name to what it cost: with several rounds, the
	// round of median wall time.
	Cases map[string]LatencyMeasure `json:"cases"`
	// Rounds holds, per case, every round's measure when the cases ran
	// more than once (Tool.Rounds).
	Rounds map[string][]LatencyMeasure `json:"rounds,omitempty"`
	// Bare is a bare net/http client's N HEADs at P against the same
	// sandbox, in each round after the cases (nil without latency).
	Bare *BareMeasure `json:"bare,omitempty"`
}

// LatencyMeasure is one latency-bound case.
type LatencyMeasure struct {
	Measure
	// Requests are the API requests the sandbox served, by operation
	// ("HEAD object", "GET object?tagging").
	Requests map[string]int `json:"requests"`
	// LimitSeconds is requests × latency / parallelism.
	LimitSeconds float64 `json:"limit_seconds"`
	// SandboxCPUSeconds is the CPU time the sandbox spent serving the
	// case (0 where it cannot be read).
	SandboxCPUSeconds float64 `json:"sandbox_cpu_seconds,omitempty"`
	// CPUFloorSeconds is the case's CPU time, trueup's and the sandbox's,
	// spread over the machine's cores: the run cannot be faster than that
	// whatever the latency, since both share them (0 when not measured).
	CPUFloorSeconds float64 `json:"cpu_floor_seconds,omitempty"`
	// NoLatencySeconds is the wall time of the same case against a
	// sandbox without latency: the process's fixed cost and its CPU and
	// the sandbox's, with no waiting. The run cannot be faster than that
	// either (0 when not measured).
	NoLatencySeconds float64 `json:"no_latency_seconds,omitempty"`
	// PhaseSeconds is the engine's own time for the part of the command
	// that makes the requests, from its debug log: an apply's walk, a
	// plan's refresh. Without the process's start, the configuration, the
	// plan before an apply and the state's final write, it is the time
	// the limit speaks of (0 when not measured).
	PhaseSeconds float64 `json:"phase_seconds,omitempty"`
}

// Bound is the largest of the latency limit, the CPU floor and the time
// without latency: what the run could take at best on this machine. Where
// the time without latency is the largest, the case is not bound by
// latency here: the work alone takes longer than the limit.
func (m LatencyMeasure) Bound() float64 {
	return max(m.LimitSeconds, m.CPUFloorSeconds, m.NoLatencySeconds)
}

// Total is the number of requests.
func (m LatencyMeasure) Total() int {
	n := 0
	for _, c := range m.Requests {
		n += c
	}
	return n
}

// MeasureLatency starts a sandbox with the given latency, and measures
// trueup (t) on n aws_s3_objects at parallelism p; then, with latency, the
// same cases against a sandbox without latency (NoLatencySeconds). It
// does both t.Rounds times (at least once) and reports each case's round
// of median wall time, with the median time without latency.
func (t Tool) MeasureLatency(ctx context.Context, workDir string, n int, latency time.Duration, p int) (LatencyRun, error) {
	run := LatencyRun{N: n, LatencyMS: float64(latency) / float64(time.Millisecond), Parallelism: p}
	rounds, none := map[string][]LatencyMeasure{}, map[string][]LatencyMeasure{}
	var bare []BareRound
	for range max(t.Rounds, 1) {
		cases, bareTime, err := t.measureLatencyCases(ctx, workDir, n, latency, p)
		if err != nil {
			return run, err
		}
		if latency > 0 {
			bare = append(bare, BareRound(bareTime.Seconds()))
		}
		for name, m := range cases {
			rounds[name] = append(rounds[name], m)
		}
		if latency == 0 {
			continue
		}
		if cases, _, err = t.measureLatencyCases(ctx, workDir, n, 0, p); err != nil {
			return run, err
		}
		for name, m := range cases {
			none[name] = append(none[name], m)
		}
	}
	run.Cases = map[string]LatencyMeasure{}
	for name, ms := range rounds {
		m := median(ms)
		if len(none[name]) > 0 {
			m.NoLatencySeconds = median(none[name]).Seconds
		}
		run.Cases[name] = m
	}
	if len(rounds[CaseLatApply]) > 1 {
		run.Rounds = rounds
	}
	run.Bare = newBareMeasure(bare, float64(n)*latency.Seconds()/float64(p))
	return run, nil
}

// measureLatencyCases runs the cases once, in a directory of their own,
// against a sandbox of its own with the given latency, then, with
// latency, the bare client against the objects they left (bareClient).
func (t Tool) measureLatencyCases(ctx context.Context, workDir string, n int, latency time.Duration, p int) (map[string]LatencyMeasure, time.Duration, error) {
	cases := map[string]LatencyMeasure{}
	dir, err := os.MkdirTemp(workDir, fmt.Sprintf("latency-%d-", n))
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(dir)
	s3URL, sandboxPID, stop, err := t.startSandbox(ctx, dir, latency)
	if err != nil {
		return nil, 0, err
	}
	defer stop()
	par := "-parallelism=" + strconv.Itoa(p)
	steps := []struct {
		name    string
		changed bool
		want    int
		phase   string // the debug log's line that times the requests
		args    []string
	}{
		{CaseLatApply, false, 0, phaseApply, []string{"apply", "-auto-approve", "-input=false", par}},
		{CaseLatPlan, false, 0, phaseRefresh, []string{"plan", "-input=false", "-detailed-exitcode", par}},
		{CaseLatFull, true, 2, phaseRefresh, []string{"plan", "-input=false", "-detailed-exitcode", par}},
		{CaseLatChanged, true, 2, phaseRefresh, []string{"plan", "-input=false", "-detailed-exitcode", "-refresh=changed", par}},
	}
	// The runs log at debug level, a few lines a command, for their phase.
	logged := t
	if logged.Env == nil {
		logged.Env = os.Environ()
	}
	logged.Env = append(slices.Clip(logged.Env), "TRUEUP_LOG=debug", "TRUEUP_LOG_JSON=", "TF_LOG_PATH=")
	for _, s := range steps {
		if err := writeObjectsStack(dir, n, s3URL, s.changed); err != nil {
			return nil, 0, err
		}
		if err := resetRequests(s3URL); err != nil {
			return nil, 0, err
		}
		sandboxBefore, cpuOK := processCPU(sandboxPID)
		m, stderr, err := logged.runStderr(ctx, dir, s.want, s.args...)
		if err != nil {
			return nil, 0, fmt.Errorf("latency %s at N=%d, latency %v: %w", s.name, n, latency, err)
		}
		lm := LatencyMeasure{Measure: m}
		if lm.PhaseSeconds, err = phaseSeconds(stderr, s.phase); err != nil {
			return nil, 0, fmt.Errorf("latency %s at N=%d, latency %v: %w", s.name, n, latency, err)
		}
		if sandboxAfter, ok := processCPU(sandboxPID); ok && cpuOK {
			lm.SandboxCPUSeconds = sandboxAfter - sandboxBefore
			lm.CPUFloorSeconds = (lm.CPUSeconds + lm.SandboxCPUSeconds) / float64(runtime.NumCPU())
		}
		if lm.Requests, err = requests(s3URL); err != nil {
			return nil, 0, err
		}
		lm.LimitSeconds = float64(lm.Total()) * latency.Seconds() / float64(p)
		cases[s.name] = lm
	}
	if latency == 0 {
		return cases, 0, nil
	}
	bare, err := bareClient(ctx, s3URL, n, p)
	if err != nil {
		return nil, 0, fmt.Errorf("the bare client at N=%d, latency %v: %w", n, latency, err)
	}
	return cases, bare, nil
}

// The debug log's lines that time the requests: the apply's walk and the
// plan's refresh (engine/apply, engine/plan).
const (
	phaseApply   = "trueup.apply: walked:"
	phaseRefresh = "trueup.planner: refreshed:"
)

// phaseSeconds reads the elapsed time of the debug log line that starts
// with phase ("trueup.apply: walked: changes=1000 elapsed=1.2s").
func phaseSeconds(log []byte, phase string) (float64, error) {
	for line := range strings.Lines(string(log)) {
		_, rest, ok := strings.Cut(line, "] "+phase)
		if !ok {
			continue
		}
		_, elapsed, ok := strings.Cut(rest, " elapsed=")
		fields := strings.Fields(elapsed)
		if !ok || len(fields) == 0 {
			break
		}
		// hclog quotes a value that is not all ASCII ("390.955µs").
		value := fields[0]
		if unquoted, err := strconv.Unquote(value); err == nil {
			value = unquoted
		}
		d, err := time.ParseDuration(value)
		if err != nil {
			return 0, fmt.Errorf("the debug log's %q line: %w", phase, err)
		}
		return d.Seconds(), nil
	}
	return 0, fmt.Errorf("the debug log has no %q line with elapsed=", phase)
}

// sandboxBucket is the bucket the sandbox makes and the objects go in.
const sandboxBucket = "bench"

// writeObjectsStack writes n aws_s3_objects in the sandbox's bucket;
// with changed, object 0's content differs.
func writeObjectsStack(dir string, n int, s3URL string, changed bool) error {
	first := `"v0"`
	if changed {
		first = `"v0, changed"`
	}
	tf := fmt.Sprintf(`provider "aws" {
  region                      = "us-east-1"
  access_key                  = "bench"
  secret_key                  = "bench"
  s3_use_path_style           = true
  skip_requesting_account_id  = true
  endpoints {
    s3  = %[1]q
    sts = %[1]q
  }
}

resource "aws_s3_object" "o" {
  count   = %[2]d
  bucket  = %[4]q
  key     = "objects/${count.index}"
  content = count.index == 0 ? %[3]s : "v${count.index}"
}
`, s3URL, n, first, sandboxBucket)
	return os.WriteFile(filepath.Join(dir, StackFile), []byte(tf), 0o644)
}

// startSandbox runs `trueup sandbox` in memory with the latency on free
// ports, and returns its S3 endpoint as the sandbox prints it
// (`export AWS_ENDPOINT_URL=...`, its interface for tools) and its
// process id.
func (t Tool) startSandbox(ctx context.Context, dir string, latency time.Duration) (string, int, func(), error) {
	cmd := exec.CommandContext(ctx, t.Exe, "sandbox", "-addr", "127.0.0.1:0", "-data", "", "-latency", latency.String(), "-buckets", sandboxBucket)
	cmd.Dir, cmd.Env = dir, t.Env
	logPath := filepath.Join(dir, "sandbox.log")
	log, err := os.Create(logPath)
	if err != nil {
		return "", 0, nil, err
	}
	cmd.Stderr = log
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		log.Close()
		return "", 0, nil, err
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "export AWS_ENDPOINT_URL="); ok {
				found <- url
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if ok {
			return url, cmd.Process.Pid, stop, nil
		}
	case <-time.After(30 * time.Second):
	}
	stop()
	msg, _ := os.ReadFile(logPath)
	return "", 0, nil, fmt.Errorf("the sandbox did not print its endpoint:\n%s", tail(string(msg), 2000))
}

// requests reads the sandbox's request counts.
func requests(base string) (map[string]int, error) {
	resp, err := http.Get(base + "/_trueup/requests")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	counts := map[string]int{}
	return counts, json.NewDecoder(resp.Body).Decode(&counts)
}

// resetRequests sets the sandbox's request counts to zero.
func resetRequests(base string) error {
	req, err := http.NewRequest(http.MethodDelete, base+"/_trueup/requests", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("resetting the sandbox's request counts: %s", resp.Status)
	}
	return nil
}

// PrintLatencyTable writes the latency-bound runs as a table: per case the
// wall time and the spread of its rounds, the limit and their ratio, the phase that makes the requests
// and its ratio to the limit, the CPU floor (trueup's and the
// sandbox's CPU over the cores), the time without latency, the ratio to
// the largest of those three (Bound), and the requests per object.
func PrintLatencyTable(w io.Writer, runs []LatencyRun) {
	fmt.Fprintf(w, "%8s %8s %4s  %-28s %9s %11s %7s %9s %7s %8s %7s %9s %9s %7s %7s %8s  %s\n", "N", "latency", "P", "case", "seconds", "rounds s", "CPU s",
		"limit s", "×limit", "phase s", "×limit", "sandbox s", "CPU floor", "L=0 s", "×bound", "req/obj", "requests")
	for _, r := range runs {
		for _, name := range latencyCaseOrder {
			m, ok := r.Cases[name]
			if !ok {
				continue
			}
			ratio, phaseRatio, bound := 0.0, 0.0, 0.0
			if m.LimitSeconds > 0 {
				ratio, phaseRatio = m.Seconds/m.LimitSeconds, m.PhaseSeconds/m.LimitSeconds
			}
			if b := m.Bound(); b > 0 {
				bound = m.Seconds / b
			}
			fmt.Fprintf(w, "%8d %6.0fms %4d  %-28s %9.2f %11s %7.2f %9.2f %7.2f %8.2f %7.2f %9.2f %9.2f %7.2f %7.2f %8.2f  %s\n", r.N, r.LatencyMS, r.Parallelism, name,
				m.Seconds, spread(r.Rounds[name]), m.CPUSeconds, m.LimitSeconds, ratio, m.PhaseSeconds, phaseRatio, m.SandboxCPUSeconds, m.CPUFloorSeconds, m.NoLatencySeconds, bound,
				float64(m.Total())/float64(r.N), formatRequests(m.Requests))
		}
		if b := r.Bare; b != nil && b.LimitSeconds > 0 {
			fmt.Fprintf(w, "%8d %6.0fms %4d  %-28s %9.2f %11s %7s %9.2f %7.2f  (net/http alone: %d HEADs at P=%d against the same sandbox)\n", r.N, r.LatencyMS, r.Parallelism, "bare client",
				b.Seconds, spread(b.Rounds), "-", b.LimitSeconds, b.Seconds/b.LimitSeconds, r.N, r.Parallelism)
		}
	}
}

// formatRequests writes counts as "HEAD object=1000, GET object?tagging=1000".
func formatRequests(counts map[string]int) string {
	var parts []string
	for _, op := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s=%d", op, counts[op]))
	}
	return strings.Join(parts, ", ")
}
