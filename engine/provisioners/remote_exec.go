package provisioners

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// runRemoteExec copies each script (inline commands form one) to
// script_path, makes it executable and runs it, as Terraform does.
func runRemoteExec(ctx context.Context, c *sshConn, cfg cty.Value, out io.Writer) error {
	var scripts []string
	if inline := strs(cfg, "inline"); len(inline) > 0 {
		scripts = append(scripts, strings.Join(inline, "\n")+"\n")
	}
	files := strs(cfg, "scripts")
	if s := str(cfg, "script"); s != "" {
		files = append([]string{s}, files...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		scripts = append(scripts, string(b))
	}
	for _, script := range scripts {
		path := c.newScriptPath()
		if err := c.upload(ctx, path, []byte(script), 0o644); err != nil {
			return err
		}
		if err := c.run(ctx, "chmod 0777 "+shellQuote(path), nil, out); err != nil {
			return err
		}
		if err := c.run(ctx, path, nil, out); err != nil {
			return err
		}
	}
	return nil
}
