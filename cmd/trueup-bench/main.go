// Command trueup-bench measures trueup, and optionally Terraform with its
// null provider, on generated stacks of N null_resources; `make bench`
// runs it. See docs/performance.md for the cases and how to read the
// table.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/benchdriver"
)

// defaultSizes are the stack sizes measured when neither -n nor BENCH_N
// says otherwise.
const defaultSizes = "1000,10000,100000"

type options struct {
	trueup    string
	sizes     []int
	tfSizes   []int
	tfMirror  string
	jsonOut   string
	compare   []string
	commit    string
	workDir   string
	terraform bool
	// latencyCases are the latency-bound runs: -latency-cases, else each
	// of -latency-n at -latency and -latency-parallelism.
	latencyCases []latencyCase
	rounds       int
}

// latencyCase is one latency-bound run: n objects against the sandbox
// answering each request after latency, at -parallelism p.
type latencyCase struct {
	n       int
	latency time.Duration
	p       int
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "trueup-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "trueup-bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("trueup-bench", flag.ContinueOnError)
	sizes := os.Getenv("BENCH_N")
	if sizes == "" {
		sizes = defaultSizes
	}
	fs.StringVar(&o.trueup, "trueup", "bin/trueup", "the trueup binary to measure")
	fs.StringVar(&sizes, "n", sizes, "comma-separated stack sizes (default: $BENCH_N, else "+defaultSizes+")")
	tfSizes := fs.String("terraform-n", "1000", "stack sizes for Terraform, with -terraform")
	fs.BoolVar(&o.terraform, "terraform", false, "also measure terraform (on PATH) with the null provider from -terraform-mirror")
	fs.StringVar(&o.tfMirror, "terraform-mirror", "", "a filesystem mirror holding registry.terraform.io/hashicorp/null")
	fs.StringVar(&o.jsonOut, "json", "", "write the results as JSON to this file")
	fs.Func("compare", "a JSON file of earlier results to compare with (repeatable)", func(s string) error {
		o.compare = append(o.compare, s)
		return nil
	})
	fs.StringVar(&o.commit, "commit", gitCommit(), "the commit to record")
	fs.StringVar(&o.workDir, "workdir", "", "where to generate stacks (default: a temporary directory)")
	latencySizes := fs.String("latency-n", envOr("BENCH_LATENCY_N", "1000"), "comma-separated sizes of the latency-bound runs against the sandbox (\"\": none)")
	latency := fs.Duration("latency", 20*time.Millisecond, "the sandbox's latency per request in the latency-bound runs")
	latencyP := fs.Int("latency-parallelism", 10, "-parallelism of the latency-bound runs")
	latencyCases := fs.String("latency-cases", "", "comma-separated latency-bound runs as N@LATENCY/P (1000@20ms/10; \"\": none), instead of -latency-n, -latency and -latency-parallelism")
	fs.IntVar(&o.rounds, "rounds", envInt("BENCH_ROUNDS", 3), "how many times trueup runs each size's sequence of cases, and each latency-bound case; each case reports its median round (default: $BENCH_ROUNDS, else 3)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.sizes, err = parseSizes(sizes); err != nil {
		return o, err
	}
	if o.tfSizes, err = parseSizes(*tfSizes); err != nil {
		return o, err
	}
	casesGiven := false
	fs.Visit(func(f *flag.Flag) { casesGiven = casesGiven || f.Name == "latency-cases" })
	if casesGiven { // "" too: no latency-bound runs
		if o.latencyCases, err = parseLatencyCases(*latencyCases); err != nil {
			return o, err
		}
	} else {
		sizes, err := parseSizes(*latencySizes)
		if err != nil {
			return o, err
		}
		for _, n := range sizes {
			o.latencyCases = append(o.latencyCases, latencyCase{n: n, latency: *latency, p: *latencyP})
		}
	}
	if o.terraform && o.tfMirror == "" {
		return o, fmt.Errorf("-terraform needs -terraform-mirror")
	}
	return o, nil
}

// parseSizes parses "1000,10000".
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("stack size %q: want a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseLatencyCases parses "1000@20ms/10,10000@50ms/50".
func parseLatencyCases(s string) ([]latencyCase, error) {
	var out []latencyCase
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		bad := fmt.Errorf("latency case %q: want N@LATENCY/P, as 1000@20ms/10", f)
		n, rest, ok1 := strings.Cut(f, "@")
		l, p, ok2 := strings.Cut(rest, "/")
		if !ok1 || !ok2 {
			return nil, bad
		}
		var c latencyCase
		var err error
		if c.n, err = strconv.Atoi(n); err != nil || c.n < 1 {
			return nil, bad
		}
		if c.latency, err = time.ParseDuration(l); err != nil || c.latency < 0 {
			return nil, bad
		}
		if c.p, err = strconv.Atoi(p); err != nil || c.p < 1 {
			return nil, bad
		}
		out = append(out, c)
	}
	return out, nil
}

func run(ctx context.Context, o options) error {
	var old []benchdriver.Report
	for _, path := range o.compare {
		r, err := benchdriver.ReadReport(path)
		if err != nil {
			return err
		}
		old = append(old, r)
	}
	workDir, err := os.MkdirTemp(o.workDir, "trueup-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)
	tools, err := o.tools(workDir)
	if err != nil {
		return err
	}
	report := benchdriver.Report{
		Commit:  o.commit,
		Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
		Date:    time.Now().UTC().Format(time.RFC3339),
	}
	for _, t := range tools {
		if len(t.sizes) == 0 {
			continue
		}
		fmt.Fprintf(os.Stderr, "measuring %s at N=%v, %d round(s)\n", t.Name, t.sizes, max(t.Rounds, 1))
		runs, err := t.MeasureSizes(ctx, workDir, t.sizes)
		if err != nil {
			return err
		}
		report.Runs = append(report.Runs, runs...)
	}
	for _, c := range o.latencyCases {
		fmt.Fprintf(os.Stderr, "measuring trueup against the sandbox at N=%d, latency %v, parallelism %d, %d round(s)\n", c.n, c.latency, c.p, max(tools[0].Rounds, 1))
		r, err := tools[0].MeasureLatency(ctx, workDir, c.n, c.latency, c.p)
		if err != nil {
			return err
		}
		report.Latency = append(report.Latency, r)
	}
	if err := report.PrintTable(os.Stdout, old...); err != nil {
		return err
	}
	if len(report.Latency) > 0 {
		fmt.Fprintln(os.Stdout)
		benchdriver.PrintLatencyTable(os.Stdout, report.Latency)
	}
	if o.jsonOut != "" {
		return report.WriteJSON(o.jsonOut)
	}
	return nil
}

// sizedTool is a tool and the sizes to measure it at.
type sizedTool struct {
	benchdriver.Tool
	sizes []int
}

// tools lists the tools to measure: trueup, and Terraform with -terraform.
func (o options) tools(workDir string) ([]sizedTool, error) {
	exe, err := filepath.Abs(o.trueup)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	tools := []sizedTool{{Tool: benchdriver.Tool{Name: "trueup", Exe: exe, Env: env, Prelude: benchdriver.NullPrelude, Rounds: o.rounds}, sizes: o.sizes}}
	if !o.terraform {
		return tools, nil
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return nil, fmt.Errorf("-terraform: %w", err)
	}
	tfEnv, err := benchdriver.MirrorEnv(workDir, o.tfMirror)
	if err != nil {
		return nil, err
	}
	// Terraform runs each case once: at 10,000 resources its apply takes
	// over an hour here.
	t := benchdriver.Tool{Name: "terraform", Exe: tf, Env: tfEnv, Init: true, Prelude: benchdriver.NullPrelude}
	return append(tools, sizedTool{Tool: t, sizes: o.tfSizes}), nil
}

// gitCommit is the short commit of the working directory's repository,
// or "" outside one.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// envInt returns the environment variable name as a number, or def when
// it is unset or not one.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// envOr returns the environment variable name, or def when it is unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}
