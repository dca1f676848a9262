package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/storage"
	"google.golang.org/api/option"
)

// googleSandboxStack is the stack of issue 15: a bucket with versioning,
// an object in it, a Pub/Sub topic and a subscription.
const googleSandboxStack = `
provider "google" {
  project = "demo"
}

resource "google_storage_bucket" "b" {
  name     = "vers-bucket"
  location = "US"
  versioning {
    enabled = true
  }
}

resource "google_storage_bucket_object" "o" {
  bucket  = google_storage_bucket.b.name
  name    = "hello.txt"
  content = "hi"
}

resource "google_pubsub_topic" "t" {
  name = "events"
}

resource "google_pubsub_subscription" "s" {
  name  = "events-sub"
  topic = google_pubsub_topic.t.id
}
`

// runSandbox runs `trueup sandbox` on free ports over data, with flags,
// and points s's environment at it.
func runSandbox(t *testing.T, s *stack, data string, flags ...string) *background {
	t.Helper()
	sb := s.start(append([]string{"sandbox", "-addr=127.0.0.1:0", "-data=" + data}, flags...)...)
	waitFor(t, "the sandbox to print its environment", 30*time.Second, func() bool {
		return strings.Contains(sb.output(), "PUBSUB_EMULATOR_HOST=")
	})
	for _, line := range strings.Split(sb.output(), "\n") {
		if kv, ok := strings.CutPrefix(strings.TrimSpace(line), "export "); ok {
			name, value, _ := strings.Cut(kv, "=")
			s.setenv(name, value)
		}
	}
	return sb
}

// envOf returns the last value s's environment gives name.
func (s *stack) envOf(name string) string {
	v := ""
	for _, kv := range s.env {
		if rest, ok := strings.CutPrefix(kv, name+"="); ok {
			v = rest
		}
	}
	return v
}

func TestGoogleStackWithBucketVersioningAppliesAgainstTheSandbox(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": googleSandboxStack})
	runSandbox(t, s, t.TempDir())

	// The bucket used to stay "Still creating..." for over an hour: the
	// sandbox's persistent store answered versioning with a 500 that the
	// Google client retried without end.
	apply := s.start("apply", "-auto-approve", "-no-color")
	if code := apply.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, apply.output())
	}
	if out := apply.output(); !strings.Contains(out, "Apply complete! Resources: 4 added") {
		t.Fatalf("apply did not create the four resources:\n%s", out)
	}
	s.must(0, "plan", "-detailed-exitcode")

	// An independent client sees the bucket as configured.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := storage.NewClient(ctx, option.WithEndpoint("http://"+s.envOf("STORAGE_EMULATOR_HOST")+"/storage/v1/"),
		option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a, err := c.Bucket("vers-bucket").Attrs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !a.VersioningEnabled || a.Location != "US" {
		t.Errorf("bucket in the sandbox: versioning %v, location %q; want true, US", a.VersioningEnabled, a.Location)
	}
	s.must(0, "destroy", "-auto-approve")
}
