package main

import (
	"context"
	"strings"

	"github.com/trueup/trueup/engine/sandbox"
)

// cmdSandbox serves local S3, GCS and Pub/Sub emulators until interrupted.
func cmdSandbox(ctx context.Context, c *cli, args []string) int {
	var opts sandbox.Options
	var buckets string
	fs := c.newFlags("sandbox")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:9000", "HOST:PORT of the S3 endpoint; GCS listens on PORT+1, Pub/Sub on PORT+2")
	fs.StringVar(&opts.DataDir, "data", ".trueup-sandbox", "Directory that keeps the emulators' data across restarts (empty: in memory, with versioning)")
	fs.DurationVar(&opts.Latency, "latency", 0, "Delay added to every request")
	fs.Float64Var(&opts.FailRate, "fail-rate", 0, "Fraction of requests answered with a retryable error (0 to 1)")
	fs.Float64Var(&opts.Faults.ThrottleRate, "throttle-rate", 0, "Fraction of requests answered with throttling and a Retry-After (S3 SlowDown, GCS rateLimitExceeded)")
	fs.DurationVar(&opts.Faults.RetryAfter, "retry-after", 0, "The throttling's Retry-After (whole seconds; default 1s)")
	fs.Float64Var(&opts.Faults.DropRate, "drop-rate", 0, "Fraction of requests whose connection is closed, before or in the middle of the response")
	fs.Float64Var(&opts.Faults.SlowRate, "slow-rate", 0, "Fraction of requests answered after -slow-delay")
	fs.DurationVar(&opts.Faults.SlowDelay, "slow-delay", 0, "Delay of the slow responses (default 2s)")
	fs.Uint64Var(&opts.Faults.Seed, "fault-seed", 0, "Seed that draws the faults, to replay a run (0: random, logged)")
	fs.DurationVar(&opts.CreateDelay, "create-delay", 0, "How long a newly created bucket stays invisible (404), as after an eventually consistent create")
	fs.StringVar(&buckets, "buckets", "", "Comma-separated buckets to create in both emulators")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if buckets != "" {
		opts.Buckets = strings.Split(buckets, ",")
	}
	opts.Log = logger()
	if err := sandbox.Main(ctx, opts, c.stdout); err != nil {
		return c.errorf("sandbox: %v", err)
	}
	return 0
}
