package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// recordDriftChecks records a day of hourly drift checks of prod, the
// newest first in the returned IDs' reverse: in sync, 2 drifted (named by
// the plan), failed, 4 drifted, reconciled, an apply between them.
func recordDriftChecks(t *testing.T, st *store.Store) []uint64 {
	t.Helper()
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	specs := []struct {
		kind, outcome string
		drifted       int
		plan          string
	}{
		{store.KindDrift, store.OutcomeNoChanges, 0, ""},
		{store.KindDrift, store.OutcomeDrifted, 2, `{"resource_drift":[
			{"address":"aws_s3_bucket.logs","change":{"actions":["update"]}},
			{"address":"aws_iam_role.ci","change":{"actions":["delete"]}},
			{"address":"aws_iam_role.same","change":{"actions":["no-op"]}}]}`},
		{store.KindApply, store.OutcomeSucceeded, 0, ""},
		{store.KindDrift, store.OutcomeFailed, 0, ""},
		{store.KindReconcile, store.OutcomeSucceeded, 4, ""},
		{store.KindDrift, store.OutcomeRunning, 0, ""},
	}
	var ids []uint64
	for i, s := range specs {
		at := start.Add(time.Duration(i) * time.Hour)
		r := &store.Run{Stack: "prod", Kind: s.kind, Trigger: store.TriggerSchedule, Outcome: s.outcome, Queued: at,
			Summary: store.Summary{Drifted: s.drifted, Applied: s.kind == store.KindReconcile}}
		if store.Final(s.outcome) {
			r.Started, r.Finished = at, at.Add(time.Minute)
		}
		if err := st.Create(r); err != nil {
			t.Fatal(err)
		}
		if s.plan != "" {
			st.SetPlan(r.ID, store.Plan{Text: "drift", JSON: []byte(s.plan)})
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func TestDriftTimelineChartsEachCheck(t *testing.T) {
	srv, src, _ := newServer(t)
	_, body := get(t, srv.URL+"/stacks/prod")
	if !strings.Contains(body, `id="drift-none"`) || !strings.Contains(body, "No drift check has finished yet") {
		t.Error("a stack without drift checks draws a timeline")
	}
	ids := recordDriftChecks(t, src.st)
	_, body = get(t, srv.URL+"/stacks/prod")
	checks := regexp.MustCompile(`<g class="check (check-\w+)" data-run="(\d+)" data-drifted="(\d+)" data-time="([^"]+)"><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, c := range checks {
		got = append(got, c[1]+"/"+c[2]+"/"+c[3])
	}
	// Oldest first; the apply and the running check are not drift checks.
	want := []string{"check-ok/" + itoa(ids[0]) + "/0", "check-drifted/" + itoa(ids[1]) + "/2", "check-failed/" + itoa(ids[3]) + "/0", "check-drifted/" + itoa(ids[4]) + "/4"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("checks %v, want %v", got, want)
	}
	if title := checks[1][5]; title != fmt.Sprintf("2026-12-04 11:01 UTC — run #%d: 2 drifted: aws_s3_bucket.logs, aws_iam_role.ci", ids[1]) {
		t.Errorf("title %q", title)
	}
	if title := checks[3][5]; !strings.HasSuffix(title, "4 drifted (reconciled)") {
		t.Errorf("title %q", title)
	}
	// Bars are as high as their count: 4 drifted is twice 2 drifted.
	heights := regexp.MustCompile(`<rect x="[\d.]+" y="[\d.]+" width="10" height="([\d.]+)"`).FindAllStringSubmatch(body, -1)
	if len(heights) != 2 {
		t.Fatalf("%d bars", len(heights))
	}
	h2, _ := strconv.ParseFloat(heights[0][1], 64)
	h4, _ := strconv.ParseFloat(heights[1][1], 64)
	if h2 <= 0 || h4 != 2*h2 {
		t.Errorf("bar heights %v and %v for 2 and 4 drifted", h2, h4)
	}
	for _, want := range []string{`<a href="/runs/` + itoa(ids[1]) + `" class="check-link">`, `>10:01</text>`, `>13:01</text>`, "the last 4 checks (schedule @hourly)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the timeline lacks %s", want)
		}
	}
	if code, _ := get(t, srv.URL+"/stacks/prod/drift.svg"); code != 200 {
		t.Errorf("drift.svg: %d", code)
	}
}

func TestTicks(t *testing.T) {
	if got := fmt.Sprint(yTicks(1), yTicks(4), yTicks(10)); got != "[0 1] [0 1 2 3 4] [0 3 6 9 10]" {
		t.Errorf("y ticks %s", got)
	}
	if got := fmt.Sprint(xTickIndexes(1), xTickIndexes(3), xTickIndexes(60)); got != "[0] [0 1 2] [0 14 29 44 59]" {
		t.Errorf("x ticks %s", got)
	}
}
