package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// sseEvent is one server-sent event as a client reads it.
type sseEvent struct {
	ID, Event, Data string
}

// readEvents reads a stream's events into a channel until it ends.
func readEvents(t *testing.T, resp *http.Response) <-chan sseEvent {
	out := make(chan sseEvent, 100)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Event != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.Event = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.Data = line[6:]
			}
		}
	}()
	return out
}

// runningRun records a run that has started and logged one line.
func runningRun(t *testing.T, st *store.Store) uint64 {
	t.Helper()
	r := &store.Run{Stack: "prod", Kind: store.KindApply, Trigger: store.TriggerManual, Outcome: store.OutcomeRunning, Started: time.Now()}
	if err := st.Create(r); err != nil {
		t.Fatal(err)
	}
	st.AppendLog(r.ID, store.LogEntry{Time: time.Now(), Level: "info", Message: "line 1"})
	return r.ID
}

// TestRunLogStreamsLiveAndOutlivesTheWriteTimeout streams a run that logs
// a line every 300ms for longer than the server's write timeout: every line
// arrives, in order, while the run goes on, and the stream ends with the run.
func TestRunLogStreamsLiveAndOutlivesTheWriteTimeout(t *testing.T) {
	_, src, _ := newServer(t)
	srv := httptest.NewUnstartedServer(Handler(src, nil))
	srv.Config.WriteTimeout = 700 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	id := runningRun(t, src.st)

	resp, err := http.Get(fmt.Sprintf("%s/runs/%d/events", srv.URL, id))
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: %s, %s", resp.Status, ct)
	}
	events := readEvents(t, resp)
	start := time.Now()
	var got []string
	for i := 2; i <= 6; i++ {
		time.Sleep(300 * time.Millisecond)
		src.st.AppendLog(id, store.LogEntry{Time: time.Now(), Level: "info", Message: fmt.Sprintf("line %d", i)})
		// Each line arrives before the next is written: live, not at the end.
		deadline := time.After(3 * time.Second)
		for len(got) < i {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("the stream ended after %s with %v", time.Since(start), got)
				}
				if ev.Event == "log" {
					var e store.LogEntry
					json.Unmarshal([]byte(ev.Data), &e)
					if ev.ID != fmt.Sprint(len(got)+1) {
						t.Errorf("event id %q for line %d", ev.ID, len(got)+1)
					}
					got = append(got, e.Message)
				}
			case <-deadline:
				t.Fatalf("line %d did not arrive while the run went on; got %v", i, got)
			}
		}
	}
	if time.Since(start) < srv.Config.WriteTimeout {
		t.Fatal("the test did not outlast the write timeout")
	}
	src.st.Update(id, func(r *store.Run) {
		r.Outcome, r.Summary = store.OutcomeSucceeded, store.Summary{Add: 1, Applied: true}
	})
	var last sseEvent
	for ev := range events {
		last = ev
	}
	if last.Event != "end" || !strings.Contains(last.Data, `"outcome":"succeeded"`) {
		t.Errorf("the stream ended with %+v, want an end event with the outcome", last)
	}
	if strings.Join(got, ",") != "line 1,line 2,line 3,line 4,line 5,line 6" {
		t.Errorf("lines %v", got)
	}
}

func TestRunLogStreamResumesAndEndsForFinishedRuns(t *testing.T) {
	srv, src, done := newServer(t)
	id := runningRun(t, src.st)
	src.st.AppendLog(id, store.LogEntry{Level: "info", Message: "line 2"}, store.LogEntry{Level: "warn", Message: "line 3"})
	src.st.Update(id, func(r *store.Run) { r.Outcome = store.OutcomeFailed })

	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/runs/%d/events", srv.URL, id), nil)
	req.Header.Set("Last-Event-ID", "2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for ev := range readEvents(t, resp) {
		kinds = append(kinds, ev.Event+":"+ev.ID)
		if ev.Event == "log" && !strings.Contains(ev.Data, "line 3") {
			t.Errorf("a reconnection after line 2 got %s", ev.Data)
		}
	}
	if strings.Join(kinds, ",") != "log:3,run:,end:" {
		t.Errorf("events %v", kinds)
	}

	resp, err = http.Get(fmt.Sprintf("%s/runs/%d/events?from=5", srv.URL, done))
	if err != nil {
		t.Fatal(err)
	}
	kinds = nil
	for ev := range readEvents(t, resp) {
		kinds = append(kinds, ev.Event)
	}
	if strings.Join(kinds, ",") != "run,end" {
		t.Errorf("a finished run's stream: %v", kinds)
	}
	if code, _ := get(t, srv.URL+"/runs/999/events"); code != 404 {
		t.Errorf("events of an unknown run: %d", code)
	}
}

func TestRunPageColoursThePlanByAction(t *testing.T) {
	srv, src, _ := newServer(t)
	r := &store.Run{Stack: "prod", Kind: store.KindPlan, Trigger: store.TriggerManual, Outcome: store.OutcomeSucceeded}
	src.st.Create(r)
	src.st.SetPlan(r.ID, store.Plan{Text: samplePlanText, JSON: []byte(samplePlanJSON)})
	_, body := get(t, fmt.Sprintf("%s/runs/%d", srv.URL, r.ID))
	for _, want := range []string{
		`<span class="pl-head pl-create">  # local_file.a will be created</span>`,
		`<span class="pl-create">  &#43; resource &#34;local_file&#34; &#34;a&#34; {</span>`,
		`<span class="pl-head pl-replace">  # null_resource.b must be replaced</span>`,
		`<span class="pl-replace">-/&#43; resource &#34;null_resource&#34; &#34;b&#34; {</span>`,
		`<span class="pl-update">      ~ triggers = { # forces replacement</span>`,
		`<span class="pl-head pl-delete">  # random_pet.c will be destroyed</span>`,
		`<span class="pl-summary">Plan: 2 to add, 0 to change, 2 to destroy.</span>`,
		`<li class="change change-create" data-action="create"><span class="action">create</span> <code>local_file.a</code>`,
		`data-action="replace"><span class="action">replace</span> <code>null_resource.b</code>`,
		`data-action="delete"><span class="action">delete</span> <code>random_pet.c</code>`,
		`<script src="/static/run.js"></script>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("run page lacks %s", want)
		}
	}
	if list, _, _ := strings.Cut(body, "</ul>"); strings.Contains(list, "local_file.d") {
		t.Error("the change list shows a no-op")
	}
	resp, _ := http.Get(fmt.Sprintf("%s/runs/%d", srv.URL, r.ID))
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("pages are served without a content security policy: %q", csp)
	}
	resp.Body.Close()
}

// countingSource counts the reads of run details.
type countingSource struct {
	*historySource
	reads atomic.Int64
}

func (c *countingSource) Detail(id uint64) (*RunDetail, error) {
	c.reads.Add(1)
	return c.historySource.Detail(id)
}

// TestRunLogStreamReadsTheHistoryOnlyWhenTheRunChanges: an idle stream
// reads the run once, not on a timer; each change (a log line, the end)
// is signalled by the store and streamed at once.
func TestRunLogStreamReadsTheHistoryOnlyWhenTheRunChanges(t *testing.T) {
	_, hs, _ := newServer(t)
	src := &countingSource{historySource: hs}
	srv := httptest.NewServer(Handler(src, nil))
	t.Cleanup(srv.Close)
	id := runningRun(t, hs.st)
	resp, err := http.Get(fmt.Sprintf("%s/runs/%d/events", srv.URL, id))
	if err != nil {
		t.Fatal(err)
	}
	events := readEvents(t, resp)
	next := func(kind string) sseEvent {
		t.Helper()
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("the stream ended waiting for a %s event", kind)
				}
				if ev.Event == kind {
					return ev
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("no %s event", kind)
			}
		}
	}
	next("log")
	time.Sleep(time.Second)
	if n := src.reads.Load(); n != 1 {
		t.Errorf("an idle stream read the run %d times in a second, want once", n)
	}
	start := time.Now()
	hs.st.AppendLog(id, store.LogEntry{Level: "info", Message: "line 2"})
	if ev := next("log"); !strings.Contains(ev.Data, "line 2") || time.Since(start) > time.Second {
		t.Errorf("the new line arrived as %+v after %s", ev, time.Since(start))
	}
	hs.st.Update(id, func(r *store.Run) { r.Outcome = store.OutcomeSucceeded })
	if ev := next("end"); !strings.Contains(ev.Data, "succeeded") {
		t.Errorf("end event %+v", ev)
	}
	if n := src.reads.Load(); n > 4 {
		t.Errorf("the stream read the run %d times for two changes", n)
	}
}
