package vars

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// ArgKind says whether a command-line Arg is -var or -var-file.
type ArgKind int

const (
	// Var is -var 'NAME=VALUE'.
	Var ArgKind = iota + 1
	// VarFile is -var-file=PATH.
	VarFile
)

// Arg is one -var or -var-file option, in command-line order.
type Arg struct {
	Kind ArgKind
	// Value is NAME=VALUE for Var, a file path for VarFile (read as given:
	// a relative path is relative to the process's working directory).
	Value string
}

// SourceType says where a raw value came from.
type SourceType int

const (
	// SourceEnv is a TF_VAR_name environment variable.
	SourceEnv SourceType = iota + 1
	// SourceAutoFile is terraform.tfvars(.json) or *.auto.tfvars(.json).
	SourceAutoFile
	// SourceVarFile is a file given with -var-file.
	SourceVarFile
	// SourceVar is a -var option.
	SourceVar
)

// String describes the source for messages.
func (s SourceType) String() string {
	switch s {
	case SourceEnv:
		return "environment variable"
	case SourceAutoFile, SourceVarFile:
		return "variables file"
	case SourceVar:
		return "-var option"
	}
	return "unknown source"
}

// RawValue is one value as given, not yet parsed or converted.
type RawValue struct {
	Name   string
	Source SourceType
	// Origin names the source for messages: the environment variable's
	// name, the file's path, or "-var".
	Origin string
	// String holds an environment or -var value, unparsed: Finalize reads
	// it literally for string and untyped variables and as an HCL
	// expression otherwise, as Terraform does.
	String string
	// Expr holds a value from a file.
	Expr hcl.Expression
	// NameRange is where a file names the variable; zero for strings.
	NameRange hcl.Range
}

// Raw is every value found, lowest precedence first.
type Raw struct {
	Values []*RawValue
	// Files are the parsed variables files by path, for printing
	// diagnostics with their source lines.
	Files map[string]*hcl.File
}

// Get returns the value of name that wins (the last one), or nil.
func (r Raw) Get(name string) *RawValue {
	for i := len(r.Values) - 1; i >= 0; i-- {
		if r.Values[i].Name == name {
			return r.Values[i]
		}
	}
	return nil
}

// Collect reads the variable values for the stack in dir from environ
// ("KEY=VALUE" strings, as os.Environ gives), the automatically loaded
// files in dir, and args.
func Collect(dir string, environ []string, args []Arg) (Raw, hcl.Diagnostics) {
	return collect(environ, autoFiles(dir), args)
}

// collect reads values from environ, the variables files auto (read as
// automatically loaded ones) and args, lowest precedence first.
func collect(environ, auto []string, args []Arg) (Raw, hcl.Diagnostics) {
	raw := Raw{Files: map[string]*hcl.File{}}
	var diags hcl.Diagnostics
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, "TF_VAR_") || name == "TF_VAR_" {
			continue
		}
		raw.Values = append(raw.Values, &RawValue{
			Name: strings.TrimPrefix(name, "TF_VAR_"), Source: SourceEnv, Origin: name, String: value,
		})
	}
	parser := hclparse.NewParser()
	for _, path := range auto {
		vals, fileDiags := readFile(parser, path, SourceAutoFile)
		raw.Values = append(raw.Values, vals...)
		diags = append(diags, fileDiags...)
	}
	for _, arg := range args {
		vals, argDiags := readArg(parser, arg)
		raw.Values = append(raw.Values, vals...)
		diags = append(diags, argDiags...)
	}
	for path, f := range parser.Files() {
		raw.Files[path] = f
	}
	return raw, diags
}

// autoFiles returns the files Terraform loads automatically, in order.
func autoFiles(dir string) []string {
	var out []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
			out = append(out, filepath.Join(dir, name))
		}
	}
	entries, _ := os.ReadDir(dir)
	var auto []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
			auto = append(auto, n)
		}
	}
	sort.Strings(auto)
	for _, n := range auto {
		out = append(out, filepath.Join(dir, n))
	}
	return out
}

func readArg(parser *hclparse.Parser, arg Arg) ([]*RawValue, hcl.Diagnostics) {
	switch arg.Kind {
	case Var:
		name, value, ok := strings.Cut(arg.Value, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid -var option",
				Detail:   fmt.Sprintf("The given -var option %q is not correctly specified. It must be a variable name and a value separated by an equals sign, like -var=\"key=value\".", arg.Value),
			}}
		}
		return []*RawValue{{Name: strings.TrimSpace(name), Source: SourceVar, Origin: "-var", String: value}}, nil
	case VarFile:
		return readFile(parser, arg.Value, SourceVarFile)
	}
	return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid variable argument", Detail: fmt.Sprintf("Unknown argument kind %d.", arg.Kind)}}
}

// readFile reads a .tfvars (HCL) or .json file of NAME = VALUE lines.
func readFile(parser *hclparse.Parser, path string, source SourceType) ([]*RawValue, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		detail := fmt.Sprintf("Cannot read variables file %s: %s.", path, err)
		if os.IsNotExist(err) {
			detail = fmt.Sprintf("The variables file %s does not exist.", path)
		}
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read variables file", Detail: detail}}
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		file, diags = parser.ParseJSON(src, path)
	} else {
		file, diags = parser.ParseHCL(src, path)
	}
	if file == nil || diags.HasErrors() {
		return nil, diags
	}
	attrs, attrDiags := file.Body.JustAttributes()
	diags = append(diags, attrDiags...)
	vals := make([]*RawValue, 0, len(attrs))
	for _, attr := range attrs {
		vals = append(vals, &RawValue{Name: attr.Name, Source: source, Origin: path, Expr: attr.Expr, NameRange: attr.NameRange})
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].NameRange.Start.Byte < vals[j].NameRange.Start.Byte })
	return vals, diags
}
