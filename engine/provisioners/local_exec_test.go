package provisioners

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// localExec builds a local-exec configuration with the given attributes
// set and the others null.
func localExec(attrs map[string]cty.Value) cty.Value {
	return fill("local-exec", attrs)
}

// fill returns a value of Schema(typ)'s type with attrs set.
func fill(typ string, attrs map[string]cty.Value) cty.Value {
	ty := Schema(typ).ImpliedType()
	vals := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		vals[name] = cty.NullVal(at)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func runLines(t *testing.T, req Request) ([]string, error) {
	t.Helper()
	var lines []string
	req.Output = func(l string) { lines = append(lines, l) }
	err := Run(context.Background(), req)
	return lines, err
}

func TestLocalExec(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		attrs   map[string]cty.Value
		want    []string
		wantErr string
	}{
		{
			name:  "command runs in /bin/sh and its output is streamed line by line",
			attrs: map[string]cty.Value{"command": cty.StringVal("echo one; echo two >&2; printf three")},
			want:  []string{`Executing: ["/bin/sh" "-c" "echo one; echo two >&2; printf three"]`, "one", "two", "three"},
		},
		{
			name: "environment adds variables and working_dir sets the directory",
			attrs: map[string]cty.Value{
				"command":     cty.StringVal(`echo "$GREETING $(pwd)"`),
				"environment": cty.MapVal(map[string]cty.Value{"GREETING": cty.StringVal("hello")}),
				"working_dir": cty.StringVal(dir),
			},
			want: []string{`Executing: ["/bin/sh" "-c" "echo \"$GREETING $(pwd)\""]`, "hello " + dir},
		},
		{
			name: "interpreter replaces /bin/sh -c",
			attrs: map[string]cty.Value{
				"command":     cty.StringVal("print('from python')"),
				"interpreter": cty.ListVal([]cty.Value{cty.StringVal("python3"), cty.StringVal("-c")}),
			},
			want: []string{`Executing: ["python3" "-c" "print('from python')"]`, "from python"},
		},
		{
			name:  "quiet hides the command but not its output",
			attrs: map[string]cty.Value{"command": cty.StringVal("echo visible"), "quiet": cty.True},
			want:  []string{"local-exec: Executing: Suppressed by quiet=true", "visible"},
		},
		{
			name:    "a failing command is an error with its status and output",
			attrs:   map[string]cty.Value{"command": cty.StringVal("echo failing; exit 3")},
			want:    []string{`Executing: ["/bin/sh" "-c" "echo failing; exit 3"]`, "failing"},
			wantErr: "Error running command 'echo failing; exit 3': exit status 3. Output: failing\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runLines(t, Request{Type: "local-exec", Config: localExec(tt.attrs)})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestLocalExecCancelStopsTheCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	marker := filepath.Join(t.TempDir(), "done")
	go func() {
		time.Sleep(200 * time.Millisecond) // let the command start
		cancel()
	}()
	err := Run(ctx, Request{Type: "local-exec", Config: localExec(map[string]cty.Value{
		"command": cty.StringVal("sleep 30; touch " + marker),
	})})
	if err == nil {
		t.Fatal("a cancelled command should fail")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the command ran to its end despite the cancellation")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, typ string
		attrs     map[string]cty.Value
		want      string
	}{
		{"file needs source or content", "file", map[string]cty.Value{"destination": cty.StringVal("/x")}, "Must provide one of 'source' or 'content'"},
		{"file takes not both", "file", map[string]cty.Value{"destination": cty.StringVal("/x"), "source": cty.StringVal("a"), "content": cty.StringVal("b")}, "Cannot set both 'source' and 'content'"},
		{"file with content is fine", "file", map[string]cty.Value{"destination": cty.StringVal("/x"), "content": cty.StringVal("b")}, ""},
		{"unknown content passes", "file", map[string]cty.Value{"destination": cty.StringVal("/x"), "content": cty.UnknownVal(cty.String)}, ""},
		{"remote-exec needs one of three", "remote-exec", nil, `Only one of "inline", "script", or "scripts" must be set`},
		{"remote-exec takes not two", "remote-exec", map[string]cty.Value{"script": cty.StringVal("a"), "scripts": cty.ListValEmpty(cty.String)}, `Only one of "inline", "script", or "scripts" must be set`},
		{"remote-exec with inline is fine", "remote-exec", map[string]cty.Value{"inline": cty.ListValEmpty(cty.String)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := Validate(tt.typ, fill(tt.typ, tt.attrs))
			got := ""
			if len(diags) > 0 {
				got = diags[0].Summary
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
