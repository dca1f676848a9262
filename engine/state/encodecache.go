package state

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sync"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// ReuseEncodings makes Encode of s, and of its SnapshotCopies, keep each
// resource's and instance's encoding and reuse it in the next Encode when
// the record is unchanged, so that writing a state that goes on changing
// (apply writes its working state every interval) costs encoding what
// changed since the last write, not the whole state again. The document
// is byte for byte what Encode writes without it.
//
// An instance counts as unchanged when its fields hold the same values and
// its attribute bytes, private data, dependencies and sensitive paths are
// the same slices: the engine replaces them and never changes them in place
// (SnapshotCopy relies on the same rule). DeepCopy drops the cache.
func (s *State) ReuseEncodings() {
	if s.enc == nil {
		s.enc = &encodeCache{}
	}
}

// ForgetEncodings drops what ReuseEncodings keeps: Encode of s, and of
// its SnapshotCopies from now on, encodes the whole state again.
func (s *State) ForgetEncodings() { s.enc = nil }

// ReusesEncodings reports whether ReuseEncodings is in effect for s.
func (s *State) ReusesEncodings() bool { return s.enc != nil }

// reuseMaxDocument is the size of document past which the cache is
// dropped and Encode encodes the whole state again. The apply persister
// spaces its writes by their CPU cost once a write costs more than a
// quarter of its interval: from there a cheaper write only makes writes
// more frequent (the same CPU, more bytes written), and the cache would
// hold a copy of the document at the apply's largest heap. A 10,000-object
// state is about 6 MB, and a full write of it well under that cost; a
// 100,000-resource apply with the cache kept to its end wrote 28 times
// against 17 and used more CPU (docs/performance-log.md).
var reuseMaxDocument = 8 << 20

// Instance and resource fragments sit at fixed depths of the document:
// resources at two levels of two spaces, their instances at four.
const (
	resourceIndent = "    "
	fieldIndent    = "      "
	instanceIndent = "        "
)

// encodeCache holds the encodings of the last Encode: each resource's head
// (its fields before the instances) and each instance's object, as they
// appear in the document. Each Encode drops what it did not use.
type encodeCache struct {
	mu    sync.Mutex
	gen   uint64
	heads map[resourceHead]*fragment
	insts map[instancePrint]*fragment
	// scratch and enc encode one instance at a time.
	scratch bytes.Buffer
	enc     *jsontext.Encoder
	size    int // of the last document
}

// fragment is a cached encoding and the Encode that last used it.
type fragment struct {
	b   []byte
	gen uint64
}

type resourceHead struct {
	addr           addrs.Resource
	provider, each string
}

// instancePrint identifies an instance's content without reading its
// bytes: its scalar fields and the identity of its slices. Holding the
// pointers keeps the arrays alive while cached, so an address is never
// reused for other content while it is a key.
type instancePrint struct {
	key                 addrs.InstanceKey
	status, deposed     string
	schemaVersion       int64
	createBeforeDestroy bool
	attrs, priv         *byte
	attrsLen, privLen   int
	deps                *string
	depsLen             int
	sens                *cty.Path
	sensLen             int
}

func printOf(in *Instance) instancePrint {
	return instancePrint{
		key: in.Key, status: in.Status, deposed: in.Deposed, schemaVersion: in.SchemaVersion,
		createBeforeDestroy: in.CreateBeforeDestroy,
		attrs:               unsafe.SliceData(in.Attributes), attrsLen: len(in.Attributes),
		priv: unsafe.SliceData(in.Private), privLen: len(in.Private),
		deps: unsafe.SliceData(in.Dependencies), depsLen: len(in.Dependencies),
		sens: unsafe.SliceData(in.SensitiveAttributes), sensLen: len(in.SensitiveAttributes),
	}
}

// encodeWith returns the document for s as Encode does, reusing what c
// holds. ok is false when it could not (a record that fails to encode):
// the caller encodes without the cache, which reports the error.
func encodeWith(s *State, c *encodeCache) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size > reuseMaxDocument {
		c.heads, c.insts = nil, nil
		return nil, false
	}
	if c.heads == nil {
		c.heads = map[resourceHead]*fragment{}
		c.insts = map[instancePrint]*fragment{}
	}
	c.gen++
	doc, err := toDocument(s, false)
	if err != nil {
		return nil, false
	}
	top, err := marshalDocument(doc, 4096)
	if err != nil {
		return nil, false
	}
	const marker = "\n  \"resources\": null"
	at := bytes.Index(top, []byte(marker))
	if at < 0 {
		return nil, false
	}
	at += len(marker) - len("null")
	// First the fragments, in document order, then one buffer of their
	// exact size.
	sorted := sortedResources(s.Resources)
	frags := make([][]byte, 0, 2*len(sorted))
	size := len(top)
	for i, r := range sorted {
		if i > 0 && !resourceLess(sorted[i-1], r) {
			return nil, false
		}
		hk := resourceHead{addr: r.Addr, provider: r.Provider, each: r.EachMode}
		head := c.heads[hk]
		if head == nil {
			b, err := encodeResourceHead(r)
			if err != nil {
				return nil, false
			}
			head = &fragment{b: b}
			c.heads[hk] = head
		}
		head.gen = c.gen
		frags = append(frags, head.b)
		size += len(head.b) + len(",\n"+resourceIndent) + len("[]\n"+fieldIndent+"]\n"+resourceIndent+"}")
		is := r.Instances
		if !slices.IsSortedFunc(is, cmpInstances) {
			is = sortedInstances(is)
		}
		for j, in := range is {
			if j > 0 && !instanceLess(is[j-1], in) {
				return nil, false
			}
			var b []byte
			if in.AttributesFlat != nil {
				// A legacy flatmap is a map: not identified by a print.
				if b, err = c.encodeInstance(in); err != nil {
					return nil, false
				}
			} else {
				p := printOf(in)
				f := c.insts[p]
				if f == nil {
					if b, err = c.encodeInstance(in); err != nil {
						return nil, false
					}
					f = &fragment{b: b}
					c.insts[p] = f
				}
				f.gen = c.gen
				b = f.b
			}
			frags = append(frags, b)
			size += len(b) + len(",\n"+instanceIndent)
		}
	}
	out := make([]byte, 0, size+16)
	out = append(out, top[:at]...)
	if len(sorted) == 0 {
		out = append(out, "[]"...)
	} else {
		out = append(out, "[\n"+resourceIndent...)
	}
	k := 0
	for i, r := range sorted {
		if i > 0 {
			out = append(out, ",\n"+resourceIndent...)
		}
		out = append(out, frags[k]...)
		k++
		n := len(r.Instances)
		if n == 0 {
			out = append(out, "[]\n"+resourceIndent+"}"...)
			continue
		}
		out = append(out, "[\n"+instanceIndent...)
		for j := range n {
			if j > 0 {
				out = append(out, ",\n"+instanceIndent...)
			}
			out = append(out, frags[k]...)
			k++
		}
		out = append(out, "\n"+fieldIndent+"]\n"+resourceIndent+"}"...)
	}
	if len(sorted) > 0 {
		out = append(out, "\n  ]"...)
	}
	out = append(out, top[at+len("null"):]...)
	c.size = len(out)
	maps.DeleteFunc(c.heads, func(_ resourceHead, f *fragment) bool { return f.gen != c.gen })
	maps.DeleteFunc(c.insts, func(_ instancePrint, f *fragment) bool { return f.gen != c.gen })
	return out, true
}

// encodeResourceHead writes a resource's fields up to its instances'
// array, as the document lays them out.
func encodeResourceHead(r *Resource) ([]byte, error) {
	var b []byte
	b = append(b, "{\n"...)
	field := func(name, v string) error {
		q, err := jsonv2.Marshal(v, docOptions)
		if err != nil {
			return err
		}
		b = append(b, fieldIndent+`"`+name+`": `...)
		b = append(b, q...)
		b = append(b, ",\n"...)
		return nil
	}
	if r.Addr.Module != "" {
		if err := field("module", string(r.Addr.Module)); err != nil {
			return nil, err
		}
	}
	for _, f := range [][2]string{{"mode", r.Addr.Mode.String()}, {"type", r.Addr.Type}, {"name", r.Addr.Name}, {"each", r.EachMode}, {"provider", r.Provider}} {
		if f[0] == "each" && f[1] == "" {
			continue
		}
		if err := field(f[0], f[1]); err != nil {
			return nil, err
		}
	}
	b = append(b, fieldIndent+`"instances": `...)
	return b, nil
}

// encodeInstance encodes one instance as the document lays it out in its
// resource's instances.
func (c *encodeCache) encodeInstance(in *Instance) ([]byte, error) {
	iv, err := toInstance(in)
	if err != nil {
		return nil, err
	}
	c.scratch.Reset()
	if c.enc == nil {
		c.enc = jsontext.NewEncoder(&c.scratch, docOptions, jsontext.WithIndentPrefix(instanceIndent))
	} else {
		c.enc.Reset(&c.scratch, docOptions, jsontext.WithIndentPrefix(instanceIndent))
	}
	if err := jsonv2.MarshalEncode(c.enc, &iv); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	return bytes.Clone(bytes.TrimSuffix(c.scratch.Bytes(), []byte("\n"))), nil
}

func cmpInstances(a, b *Instance) int { return cmpBy(instanceLess, a, b) }
