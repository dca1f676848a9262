package provisioners

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// runLocalExec runs command with the interpreter (default /bin/sh -c) in
// working_dir, with environment added to trueup's own, streaming its
// combined output.
func runLocalExec(ctx context.Context, cfg cty.Value, out *lineWriter) error {
	command := str(cfg, "command")
	argv := strs(cfg, "interpreter")
	if len(argv) == 0 {
		argv = []string{"/bin/sh", "-c"}
	}
	argv = append(argv, command)
	if q := cfg.GetAttr("quiet"); !q.IsNull() && q.True() {
		out.Println("local-exec: Executing: Suppressed by quiet=true")
	} else {
		out.Println(fmt.Sprintf("Executing: %q", argv))
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	killGroupOnCancel(cmd)
	cmd.WaitDelay = 5 * time.Second
	cmd.Dir = str(cfg, "working_dir")
	cmd.Env = append(os.Environ(), environment(cfg)...)
	var captured bytes.Buffer
	w := io.MultiWriter(out, &captured)
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Stdin = nil
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("Error running command '%s': %v. Output: %s", command, err, captured.String())
	}
	return nil
}

func environment(cfg cty.Value) []string {
	env := cfg.GetAttr("environment")
	if env.IsNull() {
		return nil
	}
	var out []string
	for k, v := range env.AsValueMap() {
		if !v.IsNull() {
			out = append(out, k+"="+v.AsString())
		}
	}
	sort.Strings(out)
	return out
}
