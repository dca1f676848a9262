package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
)

// faultObjects is how many objects each fault stack keeps in its bucket.
const faultObjects = 4

// faultStack is an S3 or a GCS stack: a bucket and faultObjects objects
// in it, with addresses and a way to list what the sandbox holds.
type faultStack struct {
	name   string
	config func(bucket string) string
	// bucketAddr and objectAddr are the resources' addresses in state.
	bucketAddr, objectAddr string
	// list returns the keys in bucket, or ok false when it does not exist.
	list func(t *testing.T, sb *sandbox.Sandbox, bucket string) (keys []string, ok bool)
	// backend is the backend block that keeps the stack's state in the
	// sandbox too, where it meets the same faults: under the fault kinds
	// that are remoteState.
	backend string
}

var faultStacks = []faultStack{
	{name: "s3", bucketAddr: "aws_s3_bucket.b", objectAddr: "aws_s3_object.o", list: listS3,
		backend: "backend \"s3\" {\n  bucket = \"tfstate\"\n  key = \"faults/terraform.tfstate\"\n  use_lockfile = true\n  use_path_style = true\n}", config: func(bucket string) string {
			return `
provider "aws" {
  s3_use_path_style = true
}

resource "aws_s3_bucket" "b" {
  bucket = "` + bucket + `"
}

resource "aws_s3_object" "o" {
  count   = ` + fmt.Sprint(faultObjects) + `
  bucket  = aws_s3_bucket.b.bucket
  key     = "k${count.index}"
  content = "object ${count.index}"
}
`
		}},
	{name: "gcs", bucketAddr: "google_storage_bucket.b", objectAddr: "google_storage_bucket_object.o", list: listGCS,
		backend: "backend \"gcs\" {\n  bucket = \"tfstate\"\n  prefix = \"faults\"\n}", config: func(bucket string) string {
			return `
provider "google" {
  project = "demo"
}

resource "google_storage_bucket" "b" {
  name     = "` + bucket + `"
  location = "US"
}

resource "google_storage_bucket_object" "o" {
  count   = ` + fmt.Sprint(faultObjects) + `
  bucket  = google_storage_bucket.b.name
  name    = "k${count.index}"
  content = "object ${count.index}"
}
`
		}},
}

// faultKinds are the faults of the matrix, each at a rate that hits most
// runs several times.
// Under throttling and dropped connections, the faults retried state
// writes meet, the stack's state is in the sandbox too (remoteState): in
// its S3 or GCS endpoint, as its resources.
var faultKinds = []struct {
	name        string
	faults      sandbox.Faults
	remoteState bool
}{
	{"server errors", sandbox.Faults{FailRate: 0.25}, false},
	{"throttling with Retry-After and state in the sandbox", sandbox.Faults{ThrottleRate: 0.1}, true},
	{"dropped connections and state in the sandbox", sandbox.Faults{DropRate: 0.2}, true},
	{"slow responses", sandbox.Faults{SlowRate: 0.2, SlowDelay: 700 * time.Millisecond}, false},
}

// TestFaultMatrix runs apply, a refreshing plan and destroy of an S3 and
// a GCS stack under each kind of fault the sandbox injects (under
// throttling and dropped connections with their state in the sandbox's
// S3 or GCS endpoint, so that state reads, writes and locks meet the
// faults too). Each run
// completes, or fails with an error naming the resource; once the faults
// are off, the next apply converges, what the sandbox holds is exactly
// what the state records (nothing duplicated, nothing lost), and a plan
// is a no-op.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	for _, fs := range faultStacks {
		for i, kind := range faultKinds {
			t.Run(fs.name+"/"+kind.name, func(t *testing.T) {
				t.Parallel()
				sb := startSandbox(t)
				bucket := fmt.Sprintf("faults-%s-%d", fs.name, i)
				config := fs.config(bucket)
				if kind.remoteState {
					config = "terraform {\n" + fs.backend + "\n}\n" + config
				}
				s := newStack(t, map[string]string{"main.tf": config})
				for _, kv := range sb.Env() {
					name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
					s.setenv(name, value)
				}
				f := kind.faults
				f.Seed = uint64(1000 + i)
				if seed, err := strconv.ParseUint(os.Getenv("TRUEUP_FAULT_SEED"), 10, 64); err == nil {
					f.Seed += seed // another draw of the same rates
				}
				faulty := func(args ...string) {
					t.Helper()
					mustSet(t, sb, f)
					r := s.run(args...)
					mustSet(t, sb, sandbox.Faults{})
					checkFaultedRun(t, fs, r, args[0])
				}
				converge := func() {
					t.Helper()
					s.must(0, "apply", "-auto-approve", "-no-color", "-input=false")
					checkSandboxMatchesState(t, s, sb, fs, bucket, kind.remoteState)
					s.must(0, "plan", "-detailed-exitcode", "-no-color", "-input=false")
				}
				faulty("apply", "-auto-approve", "-no-color", "-input=false")
				converge()
				faulty("plan", "-detailed-exitcode", "-no-color", "-input=false")
				faulty("destroy", "-auto-approve", "-no-color", "-input=false")
				converge()
			})
		}
	}
}

func mustSet(t *testing.T, sb *sandbox.Sandbox, f sandbox.Faults) {
	t.Helper()
	if err := sb.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

// checkFaultedRun accepts a run under faults that succeeded (a plan after
// a converged apply finds nothing to do) or failed with an error that
// names the resource it failed on.
func checkFaultedRun(t *testing.T, fs faultStack, r result, command string) {
	t.Helper()
	switch r.code {
	case 0:
		t.Logf("%s under faults completed", command)
		return
	case 1:
		out := r.output()
		if !strings.Contains(out, "Error:") || !(strings.Contains(out, fs.bucketAddr) || strings.Contains(out, fs.objectAddr)) {
			t.Errorf("%s under faults failed without an error naming the resource:\n%s", command, r)
		}
		t.Logf("%s under faults failed cleanly:\n%s", command, tail(out, 12))
	default:
		t.Errorf("%s under faults exited %d:\n%s", command, r.code, r)
	}
}

// checkSandboxMatchesState compares the bucket and objects the sandbox
// holds with those the state records: the same, each once.
func checkSandboxMatchesState(t *testing.T, s *stack, sb *sandbox.Sandbox, fs faultStack, bucket string, remote bool) {
	t.Helper()
	var st *state.State
	if !remote {
		st = s.state()
	} else {
		pulled := s.must(0, "state", "pull")
		var err error
		if st, err = state.Decode([]byte(pulled.stdout)); err != nil {
			t.Fatalf("the state in the sandbox does not decode: %v", err)
		}
	}
	var want []string
	for i := range faultObjects {
		want = append(want, fmt.Sprintf("%s[%d]", fs.objectAddr, i))
	}
	want = append(want, fs.bucketAddr)
	slices.Sort(want)
	if got := addresses(st); !slices.Equal(got, want) || objectCount(st) != len(want) {
		t.Fatalf("state holds %v (%d objects), want %v", got, objectCount(st), want)
	}
	keys, ok := fs.list(t, sb, bucket)
	if !ok {
		t.Fatalf("the state records bucket %s, which the sandbox does not hold", bucket)
	}
	var wantKeys []string
	for i := range faultObjects {
		wantKeys = append(wantKeys, fmt.Sprintf("k%d", i))
		if k := attr(t, st, fmt.Sprintf("%s[%d]", fs.objectAddr, i), keyAttr(fs)); k != fmt.Sprintf("k%d", i) {
			t.Errorf("state records object %d as %q", i, k)
		}
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("the sandbox holds %v in %s, the state %v", keys, bucket, wantKeys)
	}
}

func keyAttr(fs faultStack) string {
	if fs.name == "s3" {
		return "key"
	}
	return "name"
}

func listS3(t *testing.T, sb *sandbox.Sandbox, bucket string) ([]string, bool) {
	t.Helper()
	c := s3.New(s3.Options{Region: sandbox.Region, BaseEndpoint: aws.String(sb.S3URL()), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")})
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		if strings.Contains(err.Error(), "NoSuchBucket") {
			return nil, false
		}
		t.Fatalf("listing %s: %v", bucket, err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	slices.Sort(keys)
	return keys, true
}

func listGCS(t *testing.T, sb *sandbox.Sandbox, bucket string) ([]string, bool) {
	t.Helper()
	ctx := context.Background()
	c, err := storage.NewClient(ctx, option.WithEndpoint(sb.GCSURL()+"/storage/v1/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Bucket(bucket).Attrs(ctx); errors.Is(err, storage.ErrBucketNotExist) {
		return nil, false
	}
	var keys []string
	it := c.Bucket(bucket).Objects(ctx, nil)
	for {
		a, err := it.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			t.Fatalf("listing %s: %v", bucket, err)
		}
		keys = append(keys, a.Name)
	}
	slices.Sort(keys)
	return keys, true
}
