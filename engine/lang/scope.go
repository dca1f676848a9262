package lang

import (
	"fmt"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang/funcs"
	"github.com/trueup/trueup/schema"
)

// Scope evaluates expressions against the values Data gives. A Scope may
// be used from several goroutines at once.
type Scope struct {
	// Data resolves references.
	Data Data
	// BaseDir is path.module: relative paths given to file() and friends
	// resolve against it.
	BaseDir string
	// PureOnly is set during plan: impure functions (uuid(), timestamp())
	// then return unknown values.
	PureOnly bool
	// FunctionTable, when set, is used instead of building the function
	// table, so that many Scopes of one plan can share a single table.
	FunctionTable map[string]function.Function

	funcsOnce sync.Once
	funcs     map[string]function.Function
}

// Functions returns the function table expressions may call, built once
// per Scope (or FunctionTable when set).
func (s *Scope) Functions() map[string]function.Function {
	s.funcsOnce.Do(func() {
		s.funcs = s.FunctionTable
		if s.funcs == nil {
			s.funcs = funcs.Table(s.BaseDir, s.PureOnly)
		}
	})
	return s.funcs
}

// EvalExpr evaluates expr and converts the result to want (which may be
// cty.DynamicPseudoType to keep the expression's own type). The result may
// be unknown and may carry the Sensitive mark.
func (s *Scope) EvalExpr(expr hcl.Expression, want cty.Type) (cty.Value, hcl.Diagnostics) {
	refs, diags := ReferencesInExpr(expr)
	evalCtx, ctxDiags := s.EvalContext(refs)
	diags = append(diags, ctxDiags...)
	if diags.HasErrors() {
		return cty.UnknownVal(want), diags
	}
	val, valDiags := expr.Value(evalCtx)
	diags = append(diags, redact(valDiags)...)
	if want == cty.DynamicPseudoType {
		return val, diags
	}
	converted, err := convert.Convert(val, want)
	if err != nil {
		return cty.UnknownVal(want), append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect value type",
			Detail:   fmt.Sprintf("Invalid expression value: %s.", schema.FormatPathError(err)),
			Subject:  expr.Range().Ptr(),
		})
	}
	return converted, diags
}

// EvalBlock expands the dynamic blocks of body and decodes it with b's
// schema into a value of b.ImpliedType(). Arguments and blocks the schema
// does not know are errors (with "Did you mean ...?" suggestions), as are
// values given for computed-only attributes. On error the result is an
// unknown value of the block's type.
func (s *Scope) EvalBlock(body hcl.Body, b *schema.Block) (cty.Value, hcl.Diagnostics) {
	return s.EvalPrepared(PrepareBlock(body, b))
}

// PreparedBlock is a body with its schema's decoder specification and the
// references it makes: they depend on the body and the schema only, so the
// instances of one resource share them instead of deriving them each
// (a tenth of the CPU of planning 10,000 instances from state).
type PreparedBlock struct {
	// body is nil once Detach dropped it: reparse gives it again.
	body    hcl.Body
	reparse func() hcl.Body
	// block holds the schema and what derives from it alone, shared by
	// the bodies a Preparer prepares for it.
	block *blockPrep
	refs  []*addrs.Reference
	diags hcl.Diagnostics
	// plain says that body has no dynamic blocks to expand
	// (plainBody): it is decoded as it is, and unconfigurable holds
	// checkUnconfigurable's diagnostics, which then depend on its
	// syntax only.
	plain          bool
	unconfigurable hcl.Diagnostics
	// decoder decodes a plain body without hcldec.Decode where it can
	// (plain_decode.go); nil when it cannot.
	decoder *plainDecoder
}

// PrepareBlock prepares body, written for b, for EvalPrepared. A run that
// prepares many bodies for the same schemas uses a Preparer.
func PrepareBlock(body hcl.Body, b *schema.Block) *PreparedBlock {
	return prepareBlock(body, (*Preparer)(nil).block(b), false)
}

func prepareBlock(body hcl.Body, bp *blockPrep, compact bool) *PreparedBlock {
	b := bp.schema
	refs, diags := referencesInBlockSpec(body, b, bp.spec)
	pb := &PreparedBlock{body: body, block: bp, refs: refs, diags: diags}
	if plainBody(body, b) {
		pb.plain, pb.unconfigurable = true, checkUnconfigurable(body, b)
		if len(diags) == 0 {
			pb.decoder = newPlainDecoder(body, bp, compact)
		}
	}
	return pb
}

// Schema is the block pb was prepared for.
func (pb *PreparedBlock) Schema() *schema.Block { return pb.block.schema }

// References returns the references the body makes, as ReferencesInBlock
// of the body with pb's schema gives them, and that call's diagnostics:
// what a graph of the configuration takes from a body it prepares
// (eval.BuildPreparedGraph) instead of deriving them again. Both are
// pb's own: the caller reads them and changes nothing in them.
func (pb *PreparedBlock) References() ([]*addrs.Reference, hcl.Diagnostics) {
	return pb.refs, pb.diags
}

// Body is the body pb was prepared from; once Detach dropped it, the body
// reparse gives (parsed again from the file's bytes: a diagnostic's rare
// fallback).
func (pb *PreparedBlock) Body() hcl.Body {
	if pb.body == nil {
		return pb.reparse()
	}
	return pb.body
}

// Detach drops pb's hold on the parsed body it was prepared from, when
// evaluating it needs the body only for a diagnostic: a plain body that
// the plain decoder decodes, without preparation diagnostics. What stays
// is the decoder's attribute expressions, the references (their subjects
// and source ranges, what an evaluation context is built from: not their
// remaining steps, which References then no longer gives) and the
// precomputed diagnostics (source ranges only). The rare evaluation that
// falls back to hcldec (an expression's or a conversion's diagnostic)
// takes the body from reparse (config.Resource.Body, which parses it
// again), so its diagnostics are the ones the parsed body gives.
//
// Detach reports false, and keeps the body, when every evaluation reads
// it (dynamic or nested blocks, a body the plain decoder cannot decode):
// the caller then keeps the parsed body too. It is called once, before
// pb is shared.
func (pb *PreparedBlock) Detach(reparse func() hcl.Body) bool {
	if !pb.plain || pb.decoder == nil || len(pb.diags) > 0 {
		return false
	}
	pb.body, pb.reparse = nil, reparse
	// A reference's remaining steps are a tail of the traversal it was
	// parsed from: the whole traversal's array, and the steps before it
	// (its subject, held again in Subject), would stay with them. Nothing
	// reads them once the body is prepared (the evaluation context holds
	// whole subjects, and the expressions traverse them), and a copy was
	// a boxed step of about 100 bytes a reference, held to the apply.
	for _, ref := range pb.refs {
		ref.Remaining = nil
	}
	return true
}

// EvalPrepared is EvalBlock of a prepared body; a PreparedBlock may be
// evaluated in many scopes at once.
func (s *Scope) EvalPrepared(pb *PreparedBlock) (cty.Value, hcl.Diagnostics) {
	val, _, diags := s.evalPrepared(pb)
	return val, diags
}

// EvalPreparedUnmarked is EvalPrepared that also returns the value as
// UnmarkDeepWithPaths does: without its marks, and the paths of those.
// For a body the plain decoder decodes, whose attributes' values it
// checked as they came, it does not walk the whole object again (a tenth
// of planning an instance of an object of many attributes).
func (s *Scope) EvalPreparedUnmarked(pb *PreparedBlock) (val, unmarked cty.Value, marks []cty.PathValueMarks, diags hcl.Diagnostics) {
	val, mayBeMarked, diags := s.evalPrepared(pb)
	if !mayBeMarked {
		return val, val, nil, diags
	}
	unmarked, marks = UnmarkDeepWithPaths(val)
	return val, unmarked, marks, diags
}

// evalPrepared is EvalPrepared; mayBeMarked is false when the value is
// known to hold no marks.
func (s *Scope) evalPrepared(pb *PreparedBlock) (val cty.Value, mayBeMarked bool, diags hcl.Diagnostics) {
	is := s.instanceScope(pb.refs)
	diags = append(slices.Clone(pb.diags), is.diags...)
	if !pb.plain {
		val, diags = decodeBlock(pb.Body(), pb.block.schema, pb.block.spec, is.evalContext(), diags)
		return val, true, diags
	}
	// decodeBlock without the expansion, which for a body without
	// dynamic blocks gives the same content: the expanding wrapper and
	// the second pass over the body for computed-only attributes were
	// most of what evaluating an instance allocated (plainBody).
	if diags.HasErrors() {
		return cty.UnknownVal(pb.block.schema.ImpliedType()), false, diags
	}
	decoded := false
	if pb.decoder != nil {
		val, mayBeMarked, decoded = pb.decoder.decode(is)
	}
	if !decoded {
		var decDiags hcl.Diagnostics
		val, decDiags = hcldec.Decode(pb.Body(), pb.block.spec, is.evalContext())
		diags = append(diags, redact(decDiags)...)
		mayBeMarked = true
	}
	for _, d := range pb.unconfigurable {
		c := *d // each evaluation's diagnostics are its own
		diags = append(diags, &c)
	}
	if diags.HasErrors() {
		return cty.UnknownVal(pb.block.schema.ImpliedType()), false, diags
	}
	return val, mayBeMarked, diags
}

// plainBody reports whether body is native syntax whose only blocks are
// the meta-argument blocks a resource's remaining body hides (lifecycle,
// provisioner, connection): dynblock.Expand finds nothing to expand in
// it, and the block types it could misspell are too far from "dynamic"
// for the expansion's extended schema to suggest anything else.
//
// Those names are meta-arguments only where b does not declare them: a
// provider's or a data source's schema may have a block named
// "connection", which is then decoded, and may hold dynamic blocks.
func plainBody(body hcl.Body, b *schema.Block) bool {
	sb, ok := config.SyntaxBody(body)
	if !ok {
		return false
	}
	for _, blk := range sb.Blocks {
		switch blk.Type {
		case "lifecycle", "provisioner", "connection":
			if _, declared := b.BlockTypes[blk.Type]; declared {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// decodeBlock is EvalBlock once the evaluation context is built.
func decodeBlock(body hcl.Body, b *schema.Block, spec hcldec.Spec, evalCtx *hcl.EvalContext, diags hcl.Diagnostics) (cty.Value, hcl.Diagnostics) {
	if diags.HasErrors() {
		return cty.UnknownVal(b.ImpliedType()), diags
	}
	expanded := dynblock.Expand(body, evalCtx)
	val, decDiags := hcldec.Decode(expanded, spec, evalCtx)
	diags = append(diags, redact(decDiags)...)
	diags = append(diags, checkUnconfigurable(expanded, b)...)
	if diags.HasErrors() {
		return cty.UnknownVal(b.ImpliedType()), diags
	}
	return val, diags
}

// EvalContext returns an evaluation context holding exactly the subjects
// of refs (each fetched once from Data) and the function table.
func (s *Scope) EvalContext(refs []*addrs.Reference) (*hcl.EvalContext, hcl.Diagnostics) {
	is := s.instanceScope(refs)
	return is.evalContext(), is.diags
}

// instanceScope gathers the values refs name (each fetched once from
// Data), for one evaluation.
func (s *Scope) instanceScope(refs []*addrs.Reference) *instanceScope {
	is := &instanceScope{contextBuilder: contextBuilder{data: s.Data}, scope: s}
	for _, ref := range refs {
		is.add(ref)
	}
	return is
}

// instanceScope is one evaluation's variables: the values its references
// name, which compact code reads as they are (contextBuilder.variable),
// and the hcl.EvalContext made of them only when hcl evaluates something
// itself: making the context's objects was a third of evaluating a
// resource instance's plain body.
type instanceScope struct {
	contextBuilder
	scope *Scope
	ctx   *hcl.EvalContext
}

// evalContext is the hcl.EvalContext of the values gathered and the
// scope's functions, made on first use.
func (is *instanceScope) evalContext() *hcl.EvalContext {
	if is.ctx == nil {
		is.ctx = &hcl.EvalContext{Variables: is.hclVariables(), Functions: is.scope.Functions()}
	}
	return is.ctx
}
