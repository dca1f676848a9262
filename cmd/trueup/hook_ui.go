package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
)

// uiHook prints apply progress: "addr: Creating...", "addr: Creation
// complete after 2s", or one JSON object a line with -json.
type uiHook struct {
	hook.Nop
	mu     sync.Mutex
	w      io.Writer
	json   bool
	colors render.Colors
	// held, while the plan's text is being written after the apply has
	// started (holdOutput), keeps the apply's lines to follow the text.
	held *bytes.Buffer
}

// out is where the hook writes a line: w, or held while holdOutput is in
// effect. The caller holds mu.
func (h *uiHook) out() io.Writer {
	if h.held != nil {
		return h.held
	}
	return h.w
}

// holdOutput keeps the hook's lines until releaseOutput.
func (h *uiHook) holdOutput() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.held = &bytes.Buffer{}
}

// releaseOutput writes the lines held since holdOutput, and writes the
// next ones as they come.
func (h *uiHook) releaseOutput() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.held != nil {
		h.w.Write(h.held.Bytes())
		h.held = nil
	}
}

func newUIHook(c *cli, jsonOut, noColor bool) *uiHook {
	return &uiHook{w: c.stdout, json: jsonOut, colors: c.colors(noColor)}
}

var (
	verbStart = map[plans.Action]string{plans.Create: "Creating...", plans.Update: "Modifying...", plans.Delete: "Destroying...",
		plans.DeleteThenCreate: "Creating...", plans.CreateThenDelete: "Creating...", plans.Read: "Reading..."}
	verbDone = map[plans.Action]string{plans.Create: "Creation complete", plans.Update: "Modifications complete", plans.Delete: "Destruction complete",
		plans.DeleteThenCreate: "Creation complete", plans.CreateThenDelete: "Creation complete", plans.Read: "Read complete"}
	verbStill = map[plans.Action]string{plans.Create: "Still creating...", plans.Update: "Still modifying...", plans.Delete: "Still destroying...",
		plans.DeleteThenCreate: "Still creating...", plans.CreateThenDelete: "Still creating...", plans.Read: "Still reading..."}
)

func (h *uiHook) event(kind, addr string, a plans.Action, elapsed time.Duration, ident string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.json {
		ev := map[string]any{"type": kind, "address": addr, "action": a.String(), "elapsed_seconds": elapsed.Seconds(), "timestamp": time.Now().UTC()}
		if k, v, ok := strings.Cut(ident, "="); ok {
			ev["id_key"], ev["id_value"] = k, v
		}
		if err != nil {
			ev["error"] = err.Error()
		}
		b, _ := json.Marshal(ev)
		fmt.Fprintln(h.out(), string(b))
		return
	}
	bold := h.bold(addr)
	secs := elapsed.Round(time.Second)
	suffix, still := "", ""
	if ident != "" {
		suffix, still = " ["+ident+"]", truncateIdent(ident)+", "
	}
	switch kind {
	case "apply_start":
		fmt.Fprintf(h.out(), "%s: %s%s\n", bold, verbStart[a], suffix)
	case "apply_progress":
		fmt.Fprintf(h.out(), "%s: %s [%s%s elapsed]\n", bold, verbStill[a], still, secs)
	case "apply_complete":
		fmt.Fprintf(h.out(), "%s: %s after %s%s\n", bold, verbDone[a], secs, suffix)
	case "apply_errored":
		fmt.Fprintf(h.out(), "%s: %s failed after %s\n", bold, a, secs)
	}
}

func (h *uiHook) PreApply(addr string, a plans.Action, ident string) {
	h.event("apply_start", addr, a, 0, ident, nil)
}

func (h *uiHook) Progress(addr string, a plans.Action, elapsed time.Duration, ident string) {
	h.event("apply_progress", addr, a, elapsed, ident, nil)
}

func (h *uiHook) PostApply(addr string, a plans.Action, elapsed time.Duration, ident string, err error) {
	if err != nil {
		h.event("apply_errored", addr, a, elapsed, "", err)
		return
	}
	h.event("apply_complete", addr, a, elapsed, ident, nil)
}

// truncateIdent shortens a long name in a "Still ..." line as Terraform
// does (maxIdentLen characters): its start, "...", and its end.
func truncateIdent(ident string) string {
	k, v, _ := strings.Cut(ident, "=")
	r := []rune(v)
	if len(r) <= maxIdentLen {
		return ident
	}
	half := maxIdentLen / 2
	right := len(r) - half - 1
	if overlap := maxIdentLen - (half*2 + 3); overlap < 0 {
		right -= overlap
	}
	return k + "=" + string(r[:half-1]) + "..." + string(r[right:])
}

// maxIdentLen is the longest name a "Still ..." line shows whole.
const maxIdentLen = 80

// PreImport prints "addr: Preparing import... [id=ID]" while planning;
// with -json nothing, since `plan -json` writes one plan document.
func (h *uiHook) PreImport(addr, id string) {
	if !h.json {
		h.importEvent("import_prepare", addr, id, "Preparing import...")
	}
}

// PreApplyImport prints "addr: Importing... [id=ID]".
func (h *uiHook) PreApplyImport(addr, id string) {
	h.importEvent("import_start", addr, id, "Importing...")
}

// PostApplyImport prints "addr: Import complete [id=ID]".
func (h *uiHook) PostApplyImport(addr, id string, err error) {
	if err == nil {
		h.importEvent("import_complete", addr, id, "Import complete")
	}
}

// importEvent prints one import progress line as Terraform words it, or
// one JSON object with -json.
func (h *uiHook) importEvent(kind, addr, id, text string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.json {
		b, _ := json.Marshal(map[string]any{"type": kind, "address": addr, "id": id, "timestamp": time.Now().UTC()})
		fmt.Fprintln(h.out(), string(b))
		return
	}
	fmt.Fprintf(h.out(), "%s: %s [id=%s]\n", h.bold(addr), text, id)
}

// bold is addr in bold where the palette has colours.
func (h *uiHook) bold(addr string) string {
	if h.colors.Bold == "" {
		return addr
	}
	return h.colors.Bold + addr + h.colors.Reset
}

// ephemeralStart and ephemeralDone are the words of Terraform's lines
// for an ephemeral resource's operations.
var (
	ephemeralStart = map[string]string{"open": "Opening...", "renew": "Renewing...", "close": "Closing...", "defer": "Configuration unknown, deferring..."}
	ephemeralDone  = map[string]string{"open": "Opening complete", "renew": "Renewal complete", "close": "Closing complete"}
)

// PreEphemeralOp prints "ephemeral.T.N: Opening..." (Renewing...,
// Closing...), as Terraform does. With -json nothing: `plan -json`
// writes one plan document, which the plan's opens must not precede.
func (h *uiHook) PreEphemeralOp(addr, op string) {
	if !h.json {
		h.ephemeralEvent(addr, ephemeralStart[op], "", 0)
	}
}

// PostEphemeralOp prints "ephemeral.T.N: Opening complete after 0s";
// nothing on an error, which the command reports, or with -json.
func (h *uiHook) PostEphemeralOp(addr, op string, elapsed time.Duration, err error) {
	if err == nil && !h.json {
		h.ephemeralEvent(addr, ephemeralDone[op], " after ", elapsed)
	}
}

// ephemeralEvent prints one line: "ADDR: TEXT", and the elapsed time
// after sep when sep is set.
func (h *uiHook) ephemeralEvent(addr, text, sep string, elapsed time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	name := h.bold(addr)
	if sep != "" {
		fmt.Fprintf(h.out(), "%s: %s%s%s\n", name, text, sep, elapsed.Round(time.Second))
		return
	}
	fmt.Fprintf(h.out(), "%s: %s\n", name, text)
}
