// Package hook is how the engine reports progress without printing: the
// planner and executor call a Hook at each step, and views (the CLI's human
// and JSON output, the agent's run log) implement it. It imports only plans.
package hook

import (
	"time"

	"github.com/trueup/trueup/engine/plans"
)

// Hook receives the engine's events. Implementations must be safe for
// concurrent use: events arrive from parallel workers.
type Hook interface {
	// PreRefresh is called before an object is read from its provider.
	PreRefresh(addr string)
	// PostRefresh is called after; drifted reports that the object changed
	// outside trueup.
	PostRefresh(addr string, drifted bool, err error)
	// PreApply is called before an action starts; ident names the object
	// acted on ("id=i-123", "name=web"; "" for one not created yet), as
	// Terraform's "[id=...]".
	PreApply(addr string, action plans.Action, ident string)
	// Progress is called periodically while an action runs; ident is
	// PreApply's.
	Progress(addr string, action plans.Action, elapsed time.Duration, ident string)
	// PostApply is called when an action finished, failed or was skipped;
	// ident names the object it left ("id=i-123"; "" when none).
	PostApply(addr string, action plans.Action, elapsed time.Duration, ident string, err error)
	// StateSaved is called after state was written with this serial.
	StateSaved(serial uint64)
	// PreProvision is called before a provisioner (local-exec, file,
	// remote-exec) runs for the object at addr.
	PreProvision(addr, provisioner string)
	// ProvisionOutput is one line of a provisioner's output (already
	// replaced by a notice when the configuration is sensitive).
	ProvisionOutput(addr, provisioner, line string)
	// PostProvision is called when the provisioner finished or failed.
	PostProvision(addr, provisioner string, err error)
	// PreImport is called before an import block's object is read while
	// planning (Terraform's "Preparing import... [id=ID]").
	PreImport(addr, id string)
	// PreApplyImport and PostApplyImport surround the adoption of an
	// imported object into state during apply ("Importing... [id=ID]",
	// "Import complete [id=ID]").
	PreApplyImport(addr, id string)
	PostApplyImport(addr, id string, err error)
	// PreEphemeralOp is called before an operation on an ephemeral
	// resource instance: "open", "renew", "close", or "defer" (its
	// configuration is not known yet: it is not opened, and no
	// PostEphemeralOp follows).
	PreEphemeralOp(addr, op string)
	// PostEphemeralOp is called when the operation finished or failed.
	PostEphemeralOp(addr, op string, elapsed time.Duration, err error)
}

// Nop is a Hook that does nothing; embed it to implement only some events.
type Nop struct{}

var _ Hook = Nop{}

// PreRefresh does nothing.
func (Nop) PreRefresh(string) {}

// PostRefresh does nothing.
func (Nop) PostRefresh(string, bool, error) {}

// PreApply does nothing.
func (Nop) PreApply(string, plans.Action, string) {}

// Progress does nothing.
func (Nop) Progress(string, plans.Action, time.Duration, string) {}

// PostApply does nothing.
func (Nop) PostApply(string, plans.Action, time.Duration, string, error) {}

// StateSaved does nothing.
func (Nop) StateSaved(uint64) {}

// PreProvision does nothing.
func (Nop) PreProvision(string, string) {}

// ProvisionOutput does nothing.
func (Nop) ProvisionOutput(string, string, string) {}

// PostProvision does nothing.
func (Nop) PostProvision(string, string, error) {}

// PreImport does nothing.
func (Nop) PreImport(string, string) {}

// PreApplyImport does nothing.
func (Nop) PreApplyImport(string, string) {}

// PostApplyImport does nothing.
func (Nop) PostApplyImport(string, string, error) {}

// PreEphemeralOp does nothing.
func (Nop) PreEphemeralOp(string, string) {}

// PostEphemeralOp does nothing.
func (Nop) PostEphemeralOp(string, string, time.Duration, error) {}
