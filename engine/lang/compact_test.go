package lang

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// The compact expressions (compact.go) are checked against hclsyntax's:
// for every attribute expression of the repository's test configurations
// and many generated ones, in many evaluation contexts (known, unknown,
// refined unknown, null and sensitive values, missing variables, values
// of the wrong type), the value, the diagnostics and the references must
// be hcl's.

// corpusExpr is an attribute expression and the file it was parsed from.
type corpusExpr struct {
	src      []byte
	filename string
	expr     hclsyntax.Expression
}

// testdataCorpus is every attribute expression (at any depth of blocks)
// of the .tf files under testdata/ and engine/*/testdata.
func testdataCorpus(t testing.TB) []corpusExpr {
	t.Helper()
	var out []corpusExpr
	for _, root := range []string{"../../testdata", ".."} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
				return err
			}
			if root == ".." && !strings.Contains(filepath.ToSlash(path), "/testdata/") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, attributeExprs(src, path)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// attributeExprs parses src and returns its attributes' expressions; none
// when it does not parse.
func attributeExprs(src []byte, filename string) []corpusExpr {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	var out []corpusExpr
	hclsyntax.VisitAll(f.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		if a, ok := n.(*hclsyntax.Attribute); ok {
			out = append(out, corpusExpr{src: src, filename: filename, expr: a.Expr})
		}
		return nil
	})
	return out
}

// compactOf converts e alone (compact_expr_test.go); nil when it has no
// compact form.
func compactOf(e corpusExpr) *compactExpr {
	return newCompactExpr(e.expr, e.src, e.filename)
}

// exprGen writes random expressions in the forms compact expressions
// take, with others (calls, conditionals, operators, for, splat, index
// expressions, template directives) mixed in.
type exprGen struct{ r *rand.Rand }

var genRoots = []string{"a", "b", "var", "local", "each", "count", "null_resource"}

var genNames = []string{"a", "b", "id", "name", "x", "n", "prev", "key", "value", "null", "true", "0"}

var genStrings = []string{"", "x", "hello world", `say \"hi\"`, `a\nb`, "é", "e\u0301", `\u00e9`, "$${x}", "%%{x}", "tab\\t", "a b c",
	strings.Repeat("long-", 30)}

func (g exprGen) expr(depth int) string {
	if depth <= 0 {
		return g.leaf()
	}
	switch g.r.Intn(16) {
	case 0, 1:
		return g.leaf()
	case 2, 3:
		return g.traversal(depth)
	case 4, 5:
		return g.template(depth)
	case 6:
		return `"${` + g.expr(depth-1) + `}"`
	case 7, 8:
		return g.object(depth)
	case 9:
		var els []string
		for range g.r.Intn(4) {
			els = append(els, g.expr(depth-1))
		}
		return "[" + strings.Join(els, ", ") + "]"
	case 10:
		return "(" + g.expr(depth-1) + ")"
	case 11:
		// A relative traversal of a constructor or parentheses.
		return []string{"{ a = " + g.expr(depth-1) + " }.a", "[" + g.expr(depth-1) + "][0]", "(" + g.expr(depth-1) + ")" + g.steps()}[g.r.Intn(3)]
	case 12:
		if g.r.Intn(2) == 0 {
			return "<<EOT\nline ${" + g.expr(depth-1) + "}\n  more\nEOT\n"
		}
		return "<<-EOT\n    indented ${" + g.expr(depth-1) + "}\n    EOT\n"
	default:
		return g.other(depth)
	}
}

func (g exprGen) leaf() string {
	switch g.r.Intn(6) {
	case 0:
		return []string{"1", "0", "1.5", "100000000000000000000", "1e3"}[g.r.Intn(5)]
	case 1:
		return []string{"true", "false", "null"}[g.r.Intn(3)]
	case 2, 3:
		return `"` + genStrings[g.r.Intn(len(genStrings))] + `"`
	default:
		return g.traversal(0)
	}
}

func (g exprGen) traversal(int) string {
	return genRoots[g.r.Intn(len(genRoots))] + g.steps()
}

func (g exprGen) steps() string {
	var b strings.Builder
	for range g.r.Intn(4) {
		switch g.r.Intn(5) {
		case 0:
			fmt.Fprintf(&b, "[%d]", g.r.Intn(3))
		case 1:
			fmt.Fprintf(&b, "[%q]", genNames[g.r.Intn(len(genNames))])
		case 2:
			fmt.Fprintf(&b, ".%d", g.r.Intn(2))
		default:
			name := genNames[g.r.Intn(len(genNames))]
			if name == "0" {
				name = "id"
			}
			b.WriteString("." + name)
		}
	}
	return b.String()
}

func (g exprGen) template(depth int) string {
	var b strings.Builder
	b.WriteByte('"')
	for range 1 + g.r.Intn(4) {
		if g.r.Intn(2) == 0 {
			b.WriteString(genStrings[g.r.Intn(len(genStrings))])
		} else {
			b.WriteString("${" + g.expr(depth-1) + "}")
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (g exprGen) object(depth int) string {
	var items []string
	for range g.r.Intn(4) {
		var key string
		switch g.r.Intn(8) {
		case 0:
			key = fmt.Sprintf("%q", genNames[g.r.Intn(len(genNames))])
		case 1:
			key = []string{"1", "(a)", "a.b", `"${a}"`, "true", "null", `("k")`}[g.r.Intn(7)]
		default:
			key = []string{"a", "b", "n", "prev", "id", "name"}[g.r.Intn(6)]
		}
		sep := " = "
		if g.r.Intn(4) == 0 {
			sep = ": "
		}
		items = append(items, key+sep+g.expr(depth-1))
	}
	if g.r.Intn(2) == 0 {
		return "{ " + strings.Join(items, ", ") + " }"
	}
	return "{\n" + strings.Join(items, "\n") + "\n}"
}

func (g exprGen) other(depth int) string {
	x, y := g.expr(depth-1), g.expr(depth-1)
	switch g.r.Intn(9) {
	case 0:
		return "upper(" + x + ")"
	case 1:
		return g.conditional(depth, x, y)
	case 2:
		return g.operation(x, y)
	case 3:
		return "[for v in " + x + ": v]"
	case 4:
		return x + "[*].a"
	case 5:
		return x + "[" + y + "]"
	case 6:
		return `"%{if ` + x + `}a%{else}${` + y + `}%{endif}"`
	case 7:
		return []string{"-", "!"}[g.r.Intn(2)] + x
	default:
		return g.conditional(depth, x, y)
	}
}

// conditional writes a conditional expression: of any condition or a
// comparison, with results of any kind, of one type, literal nulls,
// numbers (whose ranges an unknown condition unifies) or collections.
func (g exprGen) conditional(depth int, x, y string) string {
	cond := g.expr(depth - 1)
	switch g.r.Intn(3) {
	case 0:
		cond = x + " == " + y
	case 1:
		cond = g.operation(x, y)
	}
	t, f := x, y
	switch g.r.Intn(7) {
	case 0:
		t = "null"
	case 1:
		f = "null"
	case 2:
		t, f = []string{"1", "0", "-2.5", "10"}[g.r.Intn(4)], []string{"1", "3", "-1", g.expr(depth - 1)}[g.r.Intn(4)]
	case 3:
		t, f = "["+x+"]", []string{"[]", "[" + y + ", " + x + "]", "[" + y + "]", "{ a = " + y + " }"}[g.r.Intn(4)]
	case 5:
		// Lists of one type: an unknown condition refines the length.
		t, f = "tolist(["+x+"])", []string{"tolist([])", "tolist([" + y + ", " + x + "])", "tolist([" + y + "])"}[g.r.Intn(3)]
	case 4:
		t, f = `"v0"`, `"v${`+y+`}"`
	}
	return cond + " ? " + t + " : " + f
}

// operation writes a binary operation of x and y (or a literal).
func (g exprGen) operation(x, y string) string {
	if g.r.Intn(3) == 0 {
		y = []string{"1", "0", "2", "true", "false", "null", `"1"`}[g.r.Intn(7)]
	}
	ops := []string{"==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&", "||"}
	return x + " " + ops[g.r.Intn(len(ops))] + " " + y
}

// generatedCorpus parses n random expressions, each alone in a file as
// an attribute's value, behind a few lines so that positions are not the
// file's start.
func generatedCorpus(seed int64, n int) []corpusExpr {
	g := exprGen{rand.New(rand.NewSource(seed))}
	var out []corpusExpr
	for i := range n {
		src := fmt.Sprintf("# generated %d\nresource \"x\" \"y\" {\n  v = %s\n}\n", i, g.expr(1+i%4))
		out = append(out, attributeExprs([]byte(src), fmt.Sprintf("gen%d.tf", i))...)
	}
	return out
}

// valueShape is what the traversals of an expression ask of a variable:
// the attributes and index keys they step through.
type valueShape struct {
	attrs map[string]*valueShape
	keys  []cty.Value
	index map[string]*valueShape // by key.GoString()
}

func (s *valueShape) step(tr hcl.Traverser) *valueShape {
	switch st := tr.(type) {
	case hcl.TraverseAttr:
		if s.attrs == nil {
			s.attrs = map[string]*valueShape{}
		}
		if s.attrs[st.Name] == nil {
			s.attrs[st.Name] = &valueShape{}
		}
		return s.attrs[st.Name]
	case hcl.TraverseIndex:
		k := st.Key.GoString()
		if s.index == nil {
			s.index = map[string]*valueShape{}
		}
		if s.index[k] == nil {
			s.index[k] = &valueShape{}
			s.keys = append(s.keys, st.Key)
		}
		return s.index[k]
	}
	return s
}

// valueGen makes variables' values for a shape: mostly what the shape
// asks, sometimes unknown, refined, null, marked or of the wrong type.
type valueGen struct {
	r *rand.Rand
	// odd is the percentage of values that are not what the shape asks.
	odd int
}

func (g valueGen) value(s *valueShape, depth int) cty.Value {
	if depth > 6 {
		return cty.StringVal("deep")
	}
	if g.r.Intn(100) < g.odd {
		switch g.r.Intn(9) {
		case 0:
			return cty.DynamicVal
		case 1:
			return cty.UnknownVal(cty.String)
		case 2:
			return cty.UnknownVal(cty.String).Refine().NotNull().StringPrefix("pre-").NewValue()
		case 3:
			return cty.NullVal(cty.String)
		case 4:
			return cty.NullVal(cty.DynamicPseudoType)
		case 5:
			return cty.ListVal([]cty.Value{cty.StringVal("l0"), cty.StringVal("l1")})
		case 6:
			return cty.NumberIntVal(int64(g.r.Intn(3)))
		case 7:
			return cty.UnknownVal(cty.Object(map[string]cty.Type{"a": cty.String})).Mark("sensitive")
		default:
			return g.value(s, depth+1).Mark("sensitive")
		}
	}
	if g.r.Intn(10) == 0 {
		return g.value(s, depth+1).Mark("sensitive")
	}
	switch {
	case s == nil || (len(s.attrs) == 0 && len(s.keys) == 0):
		return g.leaf()
	case len(s.attrs) > 0:
		vals := map[string]cty.Value{}
		for name, sub := range s.attrs {
			vals[name] = g.value(sub, depth+1)
		}
		for _, k := range s.keys {
			if k.Type() == cty.String && k.IsKnown() {
				vals[k.AsString()] = g.value(s.index[k.GoString()], depth+1)
			}
		}
		return cty.ObjectVal(vals)
	default:
		// Indexed only: a tuple long enough for the number keys, or an
		// object or a map for string keys.
		var strKeys, numKeys []cty.Value
		for _, k := range s.keys {
			if k.Type() == cty.String && k.IsKnown() {
				strKeys = append(strKeys, k)
			} else if k.Type() == cty.Number && k.IsKnown() {
				numKeys = append(numKeys, k)
			}
		}
		if len(numKeys) > 0 && (len(strKeys) == 0 || g.r.Intn(2) == 0) {
			n := 3
			els := make([]cty.Value, n)
			for i := range els {
				els[i] = g.value(s.index[cty.NumberIntVal(int64(i)).GoString()], depth+1)
			}
			if g.r.Intn(4) == 0 {
				if l, ok := listOf(els); ok {
					return l
				}
			}
			return cty.TupleVal(els)
		}
		vals := map[string]cty.Value{}
		for _, k := range strKeys {
			vals[k.AsString()] = g.value(s.index[k.GoString()], depth+1)
		}
		if g.r.Intn(3) == 0 && len(vals) > 0 {
			if m, ok := mapOf(vals); ok {
				return m
			}
		}
		return cty.ObjectVal(vals)
	}
}

func (g valueGen) leaf() cty.Value {
	switch g.r.Intn(8) {
	case 0:
		return cty.NumberIntVal(int64(g.r.Intn(5)))
	case 1:
		return cty.BoolVal(g.r.Intn(2) == 0)
	case 2:
		return cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("o")})
	default:
		return cty.StringVal(genStrings[g.r.Intn(len(genStrings))])
	}
}

// listOf is els as a list, when they have one type.
func listOf(els []cty.Value) (v cty.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return cty.ListVal(els), true
}

// mapOf is vals as a map, when they have one type.
func mapOf(vals map[string]cty.Value) (v cty.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return cty.MapVal(vals), true
}

// contextsFor returns n evaluation contexts for the references of expr.
func contextsFor(expr hcl.Expression, seed int64, n int) []*hcl.EvalContext {
	shapes := map[string]*valueShape{}
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		s := shapes[root]
		if s == nil {
			s = &valueShape{}
			shapes[root] = s
		}
		for _, step := range tr[1:] {
			s = s.step(step)
		}
	}
	all := (&Scope{}).Functions()
	funcs := map[string]function.Function{"upper": all["upper"], "tolist": all["tolist"]}
	r := rand.New(rand.NewSource(seed))
	var out []*hcl.EvalContext
	for i := range n {
		g := valueGen{r: r, odd: []int{0, 5, 20, 50}[i%4]}
		vars := map[string]cty.Value{}
		for root, s := range shapes {
			if i%4 != 0 && r.Intn(12) == 0 {
				continue // a missing variable
			}
			vars[root] = g.value(s, 0)
		}
		switch r.Intn(10) {
		case 0:
			out = append(out, nil)
		case 1:
			// The variables in a parent, a child without any.
			out = append(out, (&hcl.EvalContext{Variables: vars, Functions: funcs}).NewChild())
		case 2:
			// A child that has some of them.
			parent := &hcl.EvalContext{Variables: vars, Functions: funcs}
			child := parent.NewChild()
			child.Variables = map[string]cty.Value{}
			for root, v := range vars {
				if r.Intn(2) == 0 {
					child.Variables[root] = v
					if r.Intn(2) == 0 {
						parent.Variables[root] = cty.StringVal("shadowed")
					}
				}
			}
			out = append(out, child)
		case 3:
			out = append(out, &hcl.EvalContext{Functions: funcs})
		default:
			out = append(out, &hcl.EvalContext{Variables: vars, Functions: funcs})
		}
	}
	return out
}

// evalResult is what an evaluation gave, in a form to compare.
type evalResult struct {
	val      cty.Value
	diags    string
	panicked string
}

func evaluate(e hcl.Expression, ctx *hcl.EvalContext) (res evalResult) {
	defer func() {
		if p := recover(); p != nil {
			res.panicked = fmt.Sprint(p)
		}
	}()
	v, diags := e.Value(ctx)
	return evalResult{val: v, diags: diagsString(diags)}
}

// diagsString is everything of diags that can be compared across two
// parses of an expression: all but the Expression's identity.
func diagsString(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		detail := d.Detail
		if d.Summary == "Unknown variable" {
			// hcl suggests one of the names equally close to the
			// unknown one in map order: either may come.
			detail = didYouMeanRE.ReplaceAllString(detail, "")
		}
		fmt.Fprintf(&b, "%d|%s|%s|%s|%s|%p|%v", d.Severity, d.Summary, detail, rangeString(d.Subject), rangeString(d.Context), d.EvalContext, d.Extra)
		if d.Expression != nil {
			r := d.Expression.Range()
			fmt.Fprintf(&b, "|expr %T %s", d.Expression, rangeString(&r))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

var didYouMeanRE = regexp.MustCompile(` Did you mean "[^"]*"\?`)

func rangeString(r *hcl.Range) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%s:%d,%d,%d-%d,%d,%d", r.Filename, r.Start.Line, r.Start.Column, r.Start.Byte, r.End.Line, r.End.Column, r.End.Byte)
}

// traversalsString is the references with every step's range.
func traversalsString(ts []hcl.Traversal) string {
	var b strings.Builder
	for _, t := range ts {
		for _, step := range t {
			switch s := step.(type) {
			case hcl.TraverseRoot:
				fmt.Fprintf(&b, "root %s", s.Name)
			case hcl.TraverseAttr:
				fmt.Fprintf(&b, ".%s", s.Name)
			case hcl.TraverseIndex:
				fmt.Fprintf(&b, "[%#v]", s.Key)
			default:
				fmt.Fprintf(&b, "%T", s)
			}
			r := step.SourceRange()
			b.WriteString("@" + rangeString(&r) + " ")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// differential evaluates orig and c in every context and reports where
// they differ; it returns how many evaluations the compact form did
// itself and how many it handed to hcl.
func differential(t testing.TB, orig hclsyntax.Expression, c *compactExpr, ctxs []*hcl.EvalContext) (own, handed int) {
	t.Helper()
	where := func() string {
		r := orig.Range()
		return fmt.Sprintf("%s %q", rangeString(&r), r.SliceBytes(c.src))
	}
	if got, want := traversalsString(c.Variables()), traversalsString(orig.Variables()); got != want {
		t.Errorf("%s: variables\n%s\nhcl's\n%s", where(), got, want)
	}
	if got, want := c.Range(), orig.Range(); got != want {
		t.Errorf("%s: range %s, hcl's %s", where(), rangeString(&got), rangeString(&want))
	}
	if got, want := c.StartRange(), orig.StartRange(); got != want {
		t.Errorf("%s: start range %s, hcl's %s", where(), rangeString(&got), rangeString(&want))
	}
	for i, ctx := range ctxs {
		want := evaluate(orig, ctx)
		got := evaluate(c, ctx)
		if want.panicked != "" || got.panicked != "" {
			if got.panicked != want.panicked {
				t.Errorf("%s ctx %d: panic %q, hcl's %q", where(), i, got.panicked, want.panicked)
			}
			continue
		}
		if _, ok := c.code.eval(c.root, contextScope{ctx}); ok {
			own++
			if want.diags != "" {
				t.Errorf("%s ctx %d: compact evaluation succeeded where hcl reports\n%s", where(), i, want.diags)
			}
		} else {
			handed++
		}
		if !got.val.RawEquals(want.val) {
			t.Errorf("%s ctx %d: value\n%#v\nhcl's\n%#v", where(), i, got.val, want.val)
		}
		if got.diags != want.diags {
			t.Errorf("%s ctx %d: diagnostics\n%s\nhcl's\n%s", where(), i, got.diags, want.diags)
		}
	}
	return own, handed
}

func TestCompactExprEqualsHCL(t *testing.T) {
	corpus := testdataCorpus(t)
	fromTestdata := len(corpus)
	if fromTestdata < 400 {
		t.Fatalf("only %d attribute expressions in the test configurations", fromTestdata)
	}
	n := 3000
	if testing.Short() {
		n = 500
	}
	corpus = append(corpus, generatedCorpus(1, n)...)
	var converted, own, handed int
	for i, e := range corpus {
		c := compactOf(e)
		if c == nil {
			continue
		}
		converted++
		o, h := differential(t, e.expr, c, contextsFor(e.expr, int64(i), 24))
		own, handed = own+o, handed+h
		if t.Failed() && converted > 20 {
			t.FailNow()
		}
	}
	t.Logf("%d expressions (%d from testdata), %d converted; %d evaluations compact, %d handed to hcl", len(corpus), fromTestdata, converted, own, handed)
	// Not a vacuous comparison: most expressions convert, and both
	// paths are taken many times.
	if converted < len(corpus)/2 || own < 10*converted || handed < converted {
		t.Errorf("too little compared: %d of %d converted, %d compact evaluations, %d handed to hcl", converted, len(corpus), own, handed)
	}
}

// TestCompactForms: which expressions have a compact form.
func TestCompactForms(t *testing.T) {
	tests := []struct {
		src     string
		compact bool
	}{
		{`"1"`, true},
		{`1.5`, true},
		{`null`, true},
		{`"n-${count.index}-${var.x}"`, true},
		{`"${var.x}"`, true},
		{`null_resource.r0.id`, true},
		{`var.m["k"][0].x.0`, true},
		{`{ n = "1", prev = null_resource.r0.id }`, true},
		{`{ "quoted key" = 1, null = 2, true = 3 }`, true},
		{`[1, "a", var.x]`, true},
		{`(var.x)`, true},
		{`{ a = var.x }.a`, true},
		{"<<EOT\nhello ${var.x}\nEOT\n", true},
		{`{ a = 1, a = 2 }`, false},
		{`{ (var.k) = 1 }`, false},
		{`{ a.b = 1 }`, false},
		{`{ 1 = "a" }`, false},
		{`upper(var.x)`, false},
		{`var.x ? 1 : 2`, true},
		{`count.index == 0 ? "v0" : "v${count.index}"`, true},
		{`var.x + 1`, true},
		{`!var.x && var.y || var.z`, true},
		{`-var.x`, true},
		{`-1`, true},
		{`var.x ? upper(var.y) : 2`, false},
		{`[for v in var.x: v]`, false},
		{`var.x[*].id`, false},
		{`var.x[var.k]`, false},
		{`"%{if var.x}a%{endif}"`, true}, // a template directive is a conditional
		{`{ a = [upper(var.x)] }`, false},
	}
	for _, tt := range tests {
		src := "v = " + tt.src + "\n"
		exprs := attributeExprs([]byte(src), "t.tf")
		if len(exprs) != 1 {
			t.Fatalf("%s: does not parse", tt.src)
		}
		if got := compactOf(exprs[0]) != nil; got != tt.compact {
			t.Errorf("%s: compact %v, want %v", tt.src, got, tt.compact)
		}
	}
}

// TestCompactExprAfterTheTreeIsGone: a compact expression keeps nothing
// of the parsed tree, and gets hcl's diagnostics by parsing its source
// again, with the positions it had in its file.
func TestCompactExprAfterTheTreeIsGone(t *testing.T) {
	src := []byte("# a comment\nresource \"null_resource\" \"r\" {\n  triggers = { n = \"1\", prev = \"${null_resource.r0.id}-x\" }\n}\n")
	exprs := attributeExprs(src, "main.tf")
	c := compactOf(exprs[0])
	if c == nil {
		t.Fatal("not compact")
	}
	wantRange := exprs[0].expr.Range()
	exprs = nil // the tree
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"null_resource": cty.ObjectVal(map[string]cty.Value{
		"r0": cty.ObjectVal(map[string]cty.Value{"id": cty.NullVal(cty.String)}),
	})}}
	_, diags := c.Value(ctx)
	if len(diags) != 1 || diags[0].Summary != "Invalid template interpolation value" {
		t.Fatalf("diagnostics %v", diags)
	}
	if got := rangeString(diags[0].Subject); got != "main.tf:3,35,77-3,54,96" {
		t.Errorf("subject %s", got)
	}
	if got := c.Range(); got != wantRange {
		t.Errorf("range %v, want %v", got, wantRange)
	}
}

// FuzzCompactExpr: for any expression that parses, as an attribute's value,
// the compact form (when it has one) evaluates as hcl's in contexts made
// for its references.
func FuzzCompactExpr(f *testing.F) {
	for _, e := range generatedCorpus(2, 200) {
		r := e.expr.Range()
		f.Add(string(r.SliceBytes(e.src)), int64(r.Start.Byte))
	}
	f.Add(`{ n = "1", prev = null_resource.r0.id }`, int64(1))
	f.Add("<<EOT\nx ${a.b}\nEOT\n", int64(2))
	f.Fuzz(func(t *testing.T, expr string, seed int64) {
		src := []byte("resource \"x\" \"y\" {\n  v = " + expr + "\n}\n")
		exprs := attributeExprs(src, "fuzz.tf")
		if len(exprs) != 1 {
			return
		}
		c := compactOf(exprs[0])
		if c == nil {
			return
		}
		differential(t, exprs[0].expr, c, contextsFor(exprs[0].expr, seed, 8))
	})
}
