package main

import (
	"encoding/json"
	"fmt"
	"time"
)

// PreProvision prints "addr: Provisioning with 'local-exec'...", as
// Terraform does.
func (h *uiHook) PreProvision(addr, provisioner string) {
	h.provisionEvent("provision_start", addr, provisioner, "", nil, func(bold string) string {
		return fmt.Sprintf("%s: Provisioning with '%s'...", bold, provisioner)
	})
}

// ProvisionOutput prints "addr (local-exec): line".
func (h *uiHook) ProvisionOutput(addr, provisioner, line string) {
	h.provisionEvent("provision_progress", addr, provisioner, line, nil, func(bold string) string {
		return fmt.Sprintf("%s (%s): %s", bold, provisioner, line)
	})
}

// PostProvision prints nothing in human output (the error is a diagnostic);
// JSON output gets provision_complete or provision_errored.
func (h *uiHook) PostProvision(addr, provisioner string, err error) {
	kind := "provision_complete"
	if err != nil {
		kind = "provision_errored"
	}
	h.provisionEvent(kind, addr, provisioner, "", err, nil)
}

func (h *uiHook) provisionEvent(kind, addr, provisioner, output string, err error, human func(bold string) string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.json {
		ev := map[string]any{"type": kind, "address": addr, "provisioner": provisioner, "timestamp": time.Now().UTC()}
		if output != "" {
			ev["output"] = output
		}
		if err != nil {
			ev["error"] = err.Error()
		}
		b, _ := json.Marshal(ev)
		fmt.Fprintln(h.out(), string(b))
		return
	}
	if human == nil {
		return
	}
	fmt.Fprintln(h.out(), human(h.bold(addr)))
}
