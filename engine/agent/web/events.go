package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// streamKeepAlive is how often an idle stream sends a comment, so that
// proxies do not close it. The run is read again then too, as a safety
// net: changes are signalled (Source.Watch), not polled for.
var streamKeepAlive = 15 * time.Second

// runEvents streams a run's log as server-sent events until the run ends:
// "log" events (id: the number of lines sent so far, data: the entry as
// JSON), "run" events when the run changes (its outcome and summary), and
// one "end" event once it is final and every line is sent. A client that
// reconnects sends Last-Event-ID and gets the lines it missed; ?from=N
// skips the N lines the page already shows. The stream reads the run from
// the history each time the history signals a change of it, which a
// fleet's shared PostgreSQL store does for runs other agents execute too.
func (h *handler) runEvents(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "no such run", http.StatusNotFound)
		return
	}
	// Watched before the first read, so that no change is missed between.
	changed, stop := h.src.Watch(id)
	defer stop()
	d, ok := h.lookup(w, r)
	if !ok {
		return
	}
	sent := resumeFrom(r)
	// A stream lasts as long as the run: the server's write timeout,
	// meant for ordinary responses, must not cut it.
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		h.log.Debug("could not lift the write deadline of a stream", "error", err)
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	keepAlive := time.NewTicker(streamKeepAlive)
	defer keepAlive.Stop()
	lastRun := ""
	for {
		for ; sent < len(d.Log); sent++ {
			writeEvent(w, "log", strconv.Itoa(sent+1), d.Log[sent])
		}
		if key := runKey(d.Run); key != lastRun {
			lastRun = key
			writeEvent(w, "run", "", runState(d.Run))
		}
		if store.Final(d.Run.Outcome) {
			writeEvent(w, "end", "", runState(d.Run))
			rc.Flush()
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-changed:
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		if d, err = h.src.Detail(id); err != nil {
			h.log.Warn("reading a streamed run", "run", id, "error", err)
			return
		}
	}
}

// resumeFrom is how many log lines the client has: Last-Event-ID on a
// reconnection, else ?from.
func resumeFrom(r *http.Request) int {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("from")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// runState is what a "run" event says of a run.
func runState(r *store.Run) map[string]any {
	return map[string]any{"id": r.ID, "outcome": r.Outcome, "summary": r.Summary, "error": r.Error}
}

func runKey(r *store.Run) string {
	return fmt.Sprintf("%s/%+v/%s", r.Outcome, r.Summary, r.Error)
}

// writeEvent writes one server-sent event; data is sent as one line of JSON.
func writeEvent(w http.ResponseWriter, event, id string, data any) {
	b, _ := json.Marshal(data)
	if id != "" {
		fmt.Fprintf(w, "id: %s\n", id)
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
}
