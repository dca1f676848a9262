package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A create that outlives its timeouts block fails with the timeout and
// the elapsed time, the object it made is kept in state, tainted, and the
// lock is released, for the AWS and the Google provider alike. The
// sandbox delays the creation: a new bucket stays invisible (404) for a
// minute, and both providers wait for it to become readable.
func TestCreateTimeoutFailsCleanlyKeepsTheObjectTaintedAndReleasesTheLock(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
provider "aws" {
  s3_use_path_style = true
}

provider "google" {
  project = "demo"
}

resource "aws_s3_bucket" "slow" {
  bucket = "slow-aws"
  timeouts {
    create = "2s"
  }
}

resource "google_storage_bucket" "slow" {
  name     = "slow-gcs"
  location = "EU"
  timeouts {
    create = "2s"
  }
}
`})
	runSandbox(t, s, t.TempDir(), "-create-delay=60s")

	start := time.Now()
	apply := s.start("apply", "-auto-approve", "-no-color", "-input=false")
	code := apply.wait(t, 60*time.Second)
	out := apply.output()
	if code != 1 {
		t.Fatalf("apply exited %d, want 1:\n%s", code, out)
	}
	if took := time.Since(start); took > 40*time.Second {
		t.Errorf("apply took %s although both creates time out after 2s", took)
	}
	for _, want := range []string{
		"Error: Operation timed out",
		"context deadline exceeded",
		`timeouts { create = "..." }`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	// Each create failed once its 2 s had run out, not sooner; how much
	// later depends on the machine's load (a loaded one printed "failed
	// after 3s": the elapsed time is rounded to the second).
	for _, addr := range []string{"aws_s3_bucket.slow", "google_storage_bucket.slow"} {
		m := regexp.MustCompile(regexp.QuoteMeta(addr) + `: create failed after (\d+)s\n`).FindStringSubmatch(out)
		if m == nil {
			t.Errorf("apply output lacks %q:\n%s", addr+": create failed after ...s", out)
		} else if n, _ := strconv.Atoi(m[1]); n < 2 {
			t.Errorf("%s: create failed after %ss, before its timeout of 2s", addr, m[1])
		}
	}
	// The details are wrapped at 78 columns: matched with their lines joined.
	elapsed := regexp.MustCompile(`The create did not finish within its timeout of 2s \(elapsed ([0-9.]+m?s)\)`).FindAllStringSubmatch(strings.Join(strings.Fields(out), " "), -1)
	if len(elapsed) != 2 {
		t.Errorf("apply output has %d times %q, want one per bucket:\n%s", len(elapsed), "did not finish within its timeout of 2s (elapsed ...)", out)
	}
	for _, m := range elapsed {
		if d, err := time.ParseDuration(m[1]); err != nil || d < 2*time.Second {
			t.Errorf("a create timed out after %s, before its timeout of 2s", m[1])
		}
	}
	if s.exists(lockFile) {
		t.Errorf("the lock file is still there after the failed apply")
	}
	st := s.state()
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if inst.Status != "tainted" {
				t.Errorf("%s.%s is recorded %q, want tainted", r.Addr.Type, r.Addr.Name, inst.Status)
			}
		}
	}
	if got := strings.Join(addresses(st), " "); got != "aws_s3_bucket.slow google_storage_bucket.slow" {
		t.Fatalf("state holds %q, want both buckets", got)
	}
	if a := attrs(t, st, "aws_s3_bucket.slow"); a["bucket"] != "slow-aws" || a["timeouts"] == nil {
		t.Errorf("aws_s3_bucket.slow in state: %v", a)
	}

	// The lock is free: a plan with no lock timeout proposes replacing
	// both tainted buckets (without refreshing: the sandbox still hides
	// them).
	plan := s.must(2, "plan", "-lock-timeout=0s", "-refresh=false", "-detailed-exitcode", "-no-color", "-input=false")
	for _, want := range []string{"aws_s3_bucket.slow is tainted, so must be replaced", "google_storage_bucket.slow is tainted, so must be replaced"} {
		if !strings.Contains(plan.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
}

// timeouts is a block of the provider schema: types without timeouts
// refuse it as Terraform does, and a duration that does not parse is a
// located error.
func TestTimeoutsBlockIsCheckedAgainstTheResourceType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body, summary, detail, line string
	}{
		{"a type without timeouts refuses the block", `
resource "null_resource" "x" {
  timeouts {
    create = "1m"
  }
}
`, "Unsupported block type", `Blocks of type "timeouts" are not expected here.`, "main.tf line 3"},
		{"an operation the type does not time is an unsupported argument", `
resource "aws_security_group" "x" {
  name = "x"
  timeouts {
    update = "1m"
  }
}
`, "Unsupported argument", `An argument named "update" is not expected here.`, "main.tf line 5"},
		{"a duration must parse", `
resource "aws_s3_bucket" "x" {
  bucket = "x"
  timeouts {
    create = "2 seconds"
  }
}
`, "Invalid timeout", `"2 seconds" is not a duration`, "main.tf line 5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStack(t, map[string]string{"main.tf": tc.body})
			r := s.must(1, "validate", "-no-color")
			for _, want := range []string{"Error: " + tc.summary, tc.detail, tc.line} {
				if !strings.Contains(r.output(), want) {
					t.Errorf("validate output lacks %q:\n%s", want, r)
				}
			}
		})
	}
}

// A plugin's timeouts block is part of its schema, as in Terraform: trueup
// passes it through, the SDK bounds the create with it, and the object
// whose create timed out is kept tainted.
func TestPluginTimeoutsBlockIsPassedThrough(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "sdk_slow" "s" {
  seconds = 60
  timeouts {
    create = "1s"
  }
}
`)
	start := time.Now()
	res := s.apply()
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("apply took %s although the create times out after 1s", took)
	}
	if !res.Diagnostics.HasErrors() || !strings.Contains(res.Diagnostics.Error(), "context deadline exceeded") {
		t.Fatalf("apply diagnostics: %v, want the SDK's context deadline exceeded", res.Diagnostics.Error())
	}
	inst := s.instance("sdk_slow", "s")
	if inst.Status != "tainted" {
		t.Errorf("sdk_slow.s is recorded %q, want tainted", inst.Status)
	}
	var got struct {
		Timeouts struct{ Create string } `json:"timeouts"`
	}
	if err := json.Unmarshal(inst.Attributes, &got); err != nil || got.Timeouts.Create != "1s" {
		t.Errorf("state lacks the timeouts block: %s", inst.Attributes)
	}
}
