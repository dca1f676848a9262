package encryption

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/state"
)

// Version is the encrypted format's version, OpenTofu's.
const Version = "v0"

// kind says what a target encrypts, which decides the envelope's extra
// fields and how plain data is recognised.
type kind int

const (
	stateKind kind = iota
	planKind
)

// Target encrypts one kind of data (the state, saved plans, a remote
// state) with its method and decrypts with its method or a fallback. It
// implements state.Sealer.
type Target struct {
	name    string
	kind    kind
	methods []method // primary first, then the fallbacks
	addrs   []string
	// stale is set when the last Open needed a fallback (or read plain
	// data while the primary method encrypts).
	stale atomic.Bool
}

var _ state.Sealer = (*Target)(nil)

func newTarget(name string, k kind, cfg *TargetConfig, methods map[string]method) (*Target, hcl.Diagnostics) {
	if cfg == nil {
		return nil, nil
	}
	var diags hcl.Diagnostics
	t := &Target{name: name, kind: k}
	for c := cfg; c != nil; c = c.Fallback {
		if c.Method == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing method",
				Detail: "A target needs method = method.TYPE.NAME.", Subject: c.DeclRange.Ptr()})
			continue
		}
		trav, d := hcl.AbsTraversalForExpr(c.Method)
		addr := ""
		if !d.HasErrors() && len(trav) == 3 && trav.RootName() == "method" {
			typ, ok1 := trav[1].(hcl.TraverseAttr)
			nm, ok2 := trav[2].(hcl.TraverseAttr)
			if ok1 && ok2 {
				addr = "method." + typ.Name + "." + nm.Name
			}
		}
		m, ok := methods[addr]
		switch {
		case addr == "":
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid encryption method identifier",
				Detail: "Expected method of form method.<type>.<name>.", Subject: c.Method.Range().Ptr()})
		case !ok:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reference to undeclared encryption method",
				Detail: fmt.Sprintf("There is no %s block declared in the encryption block.", addr), Subject: c.Method.Range().Ptr()})
		case cfg.Enforced && isUnencrypted(m):
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unencrypted method is forbidden",
				Detail: fmt.Sprintf("Unable to use unencrypted method since the enforced flag is set in the %s block.", name), Subject: c.Method.Range().Ptr()})
		default:
			t.methods = append(t.methods, m)
			t.addrs = append(t.addrs, addr)
		}
	}
	return t, diags
}

func isUnencrypted(m method) bool {
	_, ok := m.(unencrypted)
	return ok
}

// envelope is OpenTofu's encrypted form. For state, serial and lineage
// are copied in clear, as OpenTofu does, and checked on decryption.
type envelope struct {
	Serial  *uint64           `json:"serial,omitempty"`
	Lineage string            `json:"lineage,omitempty"`
	Meta    map[string][]byte `json:"meta"`
	Data    []byte            `json:"encrypted_data"`
	Version string            `json:"encryption_version"`
}

// stateEnvelope is envelope as OpenTofu writes it for state: serial
// and lineage always present.
type stateEnvelope struct {
	Serial  *uint64           `json:"serial"`
	Lineage string            `json:"lineage"`
	Meta    map[string][]byte `json:"meta"`
	Data    []byte            `json:"encrypted_data"`
	Version string            `json:"encryption_version"`
}

// passthrough is what a state document shows in clear.
type passthrough struct {
	Serial           *uint64 `json:"serial"`
	Lineage          string  `json:"lineage"`
	TerraformVersion string  `json:"terraform_version"`
	Format           string  `json:"format"`
}

// Seal encrypts doc with the target's method; with the unencrypted
// method it returns doc.
func (t *Target) Seal(doc []byte) ([]byte, error) {
	if t == nil || len(t.methods) == 0 || isUnencrypted(t.methods[0]) {
		return doc, nil
	}
	meta := map[string][]byte{}
	data, err := t.methods[0].encrypt(background, doc, meta)
	if err != nil {
		return nil, fmt.Errorf("encrypting the %s with %s: %w", t.name, t.addrs[0], err)
	}
	if t.kind == planKind {
		return json.Marshal(envelope{Meta: meta, Data: data, Version: Version})
	}
	var pt passthrough
	if err := json.Unmarshal(doc, &pt); err != nil {
		return nil, fmt.Errorf("encrypting the %s: not a state document: %w", t.name, err)
	}
	return json.Marshal(stateEnvelope{Serial: pt.Serial, Lineage: pt.Lineage, Meta: meta, Data: data, Version: Version})
}

// Open decrypts stored with the first method (primary, then fallbacks)
// that can. Plain data is returned as it is only when an unencrypted
// method is among them.
func (t *Target) Open(stored []byte) ([]byte, error) {
	if t == nil {
		return stored, nil
	}
	var env envelope
	if err := json.Unmarshal(stored, &env); err != nil || env.Version == "" {
		return t.openPlain(stored)
	}
	if env.Version != Version {
		return nil, fmt.Errorf("the %s is encrypted in format %q, which this version does not read (it reads %q)", t.name, env.Version, Version)
	}
	var errs []string
	for i, m := range t.methods {
		if isUnencrypted(m) {
			continue
		}
		plain, err := m.decrypt(background, env.Data, env.Meta)
		if err != nil {
			errs = append(errs, t.addrs[i]+": "+err.Error())
			continue
		}
		if err := t.checkPassthrough(env, plain); err != nil {
			return nil, err
		}
		t.stale.Store(i > 0)
		return plain, nil
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("the %s is encrypted, and the %s target has only the unencrypted method: add the method that encrypted it as a fallback", t.name, t.name)
	}
	return nil, fmt.Errorf("cannot decrypt the %s: %s", t.name, strings.Join(errs, "; "))
}

// Stale reports whether the data last opened was stored with a fallback
// method (an old key, or in clear during a migration): writing it again
// completes the rotation or migration.
func (t *Target) Stale() bool { return t != nil && t.stale.Load() }

// openPlain accepts unencrypted data when the target allows it.
func (t *Target) openPlain(stored []byte) ([]byte, error) {
	var pt passthrough
	if err := json.Unmarshal(stored, &pt); err != nil {
		return nil, fmt.Errorf("the %s is neither encrypted nor valid JSON: %w", t.name, err)
	}
	for i, m := range t.methods {
		if isUnencrypted(m) {
			t.stale.Store(i > 0)
			return stored, nil
		}
	}
	return nil, fmt.Errorf("the %s is not encrypted, and its encryption configuration has no unencrypted method: to migrate, add fallback { method = method.unencrypted.NAME } to the %s block", t.name, t.name)
}

// checkPassthrough refuses a state whose clear serial or lineage differ
// from the encrypted document's (the envelope was tampered with).
func (t *Target) checkPassthrough(env envelope, plain []byte) error {
	if t.kind != stateKind {
		return nil
	}
	var pt passthrough
	if err := json.Unmarshal(plain, &pt); err != nil {
		return fmt.Errorf("the decrypted %s is not valid JSON: %w", t.name, err)
	}
	if env.Serial != nil && pt.Serial != nil && *env.Serial != *pt.Serial {
		return errors.New("invalid state metadata: the serial in clear differs from the encrypted state's")
	}
	if env.Lineage != "" && env.Lineage != pt.Lineage {
		return errors.New("invalid state metadata: the lineage in clear differs from the encrypted state's")
	}
	return nil
}

// IsEncrypted reports whether b is in the encrypted format.
func IsEncrypted(b []byte) bool {
	if !bytes.Contains(b, []byte(`"encryption_version"`)) {
		return false
	}
	var env envelope
	return json.Unmarshal(b, &env) == nil && env.Version != ""
}
