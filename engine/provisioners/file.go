package provisioners

import (
	"context"
	"fmt"
	"os"

	"github.com/zclconf/go-cty/cty"
)

// runFile copies content, a file or a directory to destination. A
// directory source ending in "/" has its contents copied into destination;
// without the slash the directory itself is copied into it, as Terraform
// does.
func runFile(ctx context.Context, c *sshConn, cfg cty.Value) error {
	dest := str(cfg, "destination")
	if content := cfg.GetAttr("content"); !content.IsNull() {
		return c.upload(ctx, dest, []byte(content.AsString()), 0o644)
	}
	src := str(cfg, "source")
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("file provisioner source: %w", err)
	}
	if info.IsDir() {
		return c.uploadDir(ctx, src, dest)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("file provisioner source: %w", err)
	}
	return c.upload(ctx, dest, b, info.Mode())
}
