package plans

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"github.com/zclconf/go-cty/cty/msgpack"
)

// DigestPrefix starts every Digest.
const DigestPrefix = "sha256:"

// Digest returns a canonical hash of what applying the plan would do: its
// mode, and for each resource instance it acts on (any action but no-op, a
// move or an import) the address, deposed key, action, the paths forcing a
// replacement, the previous address and import ID, and the values before
// and after (unknown where only apply can tell); for each output that
// changes, its name, action and values. Two plans with the same digest make
// the same changes, however they are rendered or redacted: sensitive values
// count (unmarked), so a changed secret changes the digest, which shows
// nothing of it. Timestamps, the state's serial, variables and no-op
// resources do not count.
func Digest(p *Plan) (string, error) {
	h := sha256.New()
	field(h, "trueup-plan-digest-1", p.Mode.String())
	for _, rc := range p.Changes {
		if rc.Action == NoOp && !rc.Moved() && rc.Importing == "" {
			continue
		}
		prev := ""
		if rc.Moved() {
			prev = rc.PrevAddr.String()
		}
		var replace []string
		for _, path := range rc.RequiredReplace {
			replace = append(replace, strings.Join(pathStrings(path), "\x1f"))
		}
		field(h, "resource", rc.Addr.String(), rc.Deposed, rc.Action.String(), prev, rc.Importing, strings.Join(replace, "\x1e"))
		if err := digestValues(h, rc.Before, rc.After); err != nil {
			return "", fmt.Errorf("%s: %w", rc.Addr, err)
		}
	}
	for _, oc := range p.Outputs {
		if oc.Action == NoOp {
			continue
		}
		field(h, "output", oc.Name, oc.Action.String())
		if err := digestValues(h, oc.Before, oc.After); err != nil {
			return "", fmt.Errorf("output %q: %w", oc.Name, err)
		}
	}
	return DigestPrefix + hex.EncodeToString(h.Sum(nil)), nil
}

// digestValues writes each value's type and msgpack encoding (which keeps
// unknowns), marks removed.
func digestValues(h hash.Hash, vals ...cty.Value) error {
	for _, v := range vals {
		if v == cty.NilVal {
			v = cty.NullVal(cty.DynamicPseudoType)
		}
		v, _ = v.UnmarkDeep()
		ty, err := ctyjson.MarshalType(v.Type())
		if err != nil {
			return err
		}
		mp, err := msgpack.Marshal(v, v.Type())
		if err != nil {
			return err
		}
		field(h, string(ty), string(mp))
	}
	return nil
}

// field writes strings length-prefixed, so that no two sequences of
// fields hash the same bytes.
func field(h hash.Hash, parts ...string) {
	var n [8]byte
	for _, s := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}
