package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/artifacts"
)

func TestValidFileDecodesArtifactsAndStagesInOrder(t *testing.T) {
	cfg, _, diags := DecodeFile("testdata/valid.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	web, worker, fn := cfg.Artifact("web"), cfg.Artifact("worker"), cfg.Artifact("fn")
	if web == nil || worker == nil || fn == nil || len(cfg.Artifacts) != 3 {
		t.Fatalf("artifacts: %+v", cfg.Artifacts)
	}
	if web.Kind != SourceOCI || web.Policy.Kind != artifacts.PolicySemver || web.Value.String() != "{location}:{tag}" {
		t.Fatalf("web: %+v", web)
	}
	if got := web.Link.Format(artifacts.Candidate{Tag: "1.4.2"}); got != "https://git.example.com/team/web/releases/tag/1.4.2" {
		t.Fatalf("web link: %s", got)
	}
	if worker.Policy.Kind != artifacts.PolicyRegexp || worker.Policy.SortKey != "build" || worker.Policy.Sort != artifacts.SortNumeric || worker.OCI.UsernameEnv != "REG_USER" {
		t.Fatalf("worker: %+v %+v", worker.Policy, worker.OCI)
	}
	if fn.Kind != SourceS3 || fn.S3.Prefix != "lambda/fn-" || fn.Policy.Kind != artifacts.PolicyLatest || fn.Value.String() != "{tag}" {
		t.Fatalf("fn: %+v", fn)
	}
	dev, staging := cfg.Stage("dev"), cfg.Stage("staging")
	if dev.After != "" || dev.Mode != ModeCommit || staging.After != "dev" || staging.Mode != ModePullRequest ||
		staging.Soak != 10*time.Minute || staging.HealthURL == "" || cfg.Next("dev") != staging || cfg.Next("staging") != nil {
		t.Fatalf("stages: %+v %+v", dev, staging)
	}
}

// TestErrorFilesReportEachProblemOnItsLine compares the diagnostics of each
// file under testdata/errors with its "# ERROR: summary" comments.
func TestErrorFilesReportEachProblemOnItsLine(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.hcl")
	if len(files) == 0 {
		t.Fatal("no error files")
	}
	want := regexp.MustCompile(`# ERROR: (.+)$`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var expected []string
			for i, line := range strings.Split(string(src), "\n") {
				if m := want.FindStringSubmatch(line); m != nil {
					expected = append(expected, lineSummary(i+1, m[1]))
				}
			}
			_, _, diags := DecodeFile(f)
			var got []string
			for _, d := range diags {
				if d.Subject == nil {
					t.Fatalf("diagnostic without a place: %s", d.Summary)
				}
				got = append(got, lineSummary(d.Subject.Start.Line, d.Summary))
			}
			sort.Strings(expected)
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(expected, "\n") {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s\n(all: %s)", strings.Join(got, "\n"), strings.Join(expected, "\n"), diags)
			}
		})
	}
}

func lineSummary(line int, summary string) string { return fmt.Sprintf("%04d: %s", line, summary) }
