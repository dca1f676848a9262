package main

import (
	"context"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
)

// TestKillDashNineMidApplyWithS3BackendKeepsTheJournaledRecords kills a
// real apply whose state is in the sandbox's S3 once its intermediate
// writes are journal objects (KEY.journal/ETAG/SEQ, docs/state.md "The
// journal"), and checks that state pull replays records the document
// lacks, and that the apply after converges and removes the journal.
func TestKillDashNineMidApplyWithS3BackendKeepsTheJournaledRecords(t *testing.T) {
	sb := startSandbox(t)
	const key = "journal/terraform.tfstate"
	s := newStack(t, map[string]string{"main.tf": soakConfig("terraform {\n  backend \"s3\" {\n    bucket = \"tfstate\"\n    key = \"" + key +
		"\"\n    use_lockfile = true\n    use_path_style = true\n  }\n}\n")})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
		s.setenv(name, value)
	}
	s.setenv("TRUEUP_LOCK_LEASE", soakLease)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")))
	if err != nil {
		t.Fatal(err)
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(sb.S3URL()); o.UsePathStyle = true })
	journal := func() []string {
		out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("tfstate"), Prefix: aws.String(state.JournalObjectPrefix(key))})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range out.Contents {
			names = append(names, aws.ToString(o.Key))
		}
		return names
	}

	started := time.Now()
	bg := s.start("apply", "-auto-approve", "-no-color", "-var", "gen=1")
	for len(journal()) < 2 {
		select {
		case <-bg.done:
			t.Fatalf("the apply finished before its journal held two appends:\n%s", tail(bg.output(), 30))
		case <-time.After(20 * time.Millisecond):
		}
	}
	killedAt := time.Now()
	if err := bg.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("the apply ended before the kill: %v\n%s", err, tail(bg.output(), 30))
	}
	bg.wait(t, 30*time.Second)
	appends := len(journal())

	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("tfstate"), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(got.Body)
	got.Body.Close()
	doc, err := state.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	pulled := s.must(0, "state", "pull")
	st, err := state.Decode([]byte(pulled.stdout))
	if err != nil {
		t.Fatalf("state pull after the kill: %v", err)
	}
	inDoc, recorded := soakFiles(t, doc), soakFiles(t, st)
	if len(recorded) <= len(inDoc) || st.Serial <= doc.Serial {
		t.Fatalf("state pull records %d files (serial %d), the document %d (serial %d): the %d journal objects were not replayed",
			len(recorded), st.Serial, len(inDoc), doc.Serial, appends)
	}
	t.Logf("killed %s after the start: the document records %d files, state pull %d, from %d journal objects",
		killedAt.Sub(started).Round(time.Millisecond), len(inDoc), len(recorded), appends)
	var f soakFigures
	checkKilledApply(t, s, 1, started, killedAt, soakRecordLag, &f)

	r := s.must(0, "apply", "-auto-approve", "-no-color", "-lock-timeout=60s", "-var", "gen=1")
	checkConverged(t, s, 1, r)
	if names := journal(); len(names) != 0 {
		t.Errorf("journal objects after the converging apply: %q", names)
	}
	s.must(0, "plan", "-detailed-exitcode", "-no-color", "-var", "gen=1")
}
