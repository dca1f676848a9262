package provisioners

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// runFile copies content, a file or a directory to destination. A
// directory source ending in "/" has its contents copied into destination;
// without the slash the directory itself is copied into it, as Terraform
// does.
func runFile(ctx context.Context, c *sshConn, cfg cty.Value) error {
	dest := str(cfg, "destination")
	if content := cfg.GetAttr("content"); !content.IsNull() {
		return c.upload(ctx, dest, strings.NewReader(content.AsString()))
	}
	src := str(cfg, "source")
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("file provisioner source: %w", err)
	}
	if !info.IsDir() {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		return c.upload(ctx, dest, f)
	}
	if !strings.HasSuffix(src, "/") {
		dest = path.Join(dest, filepath.Base(src))
	}
	return uploadDir(ctx, c, src, dest)
}

func uploadDir(ctx context.Context, c *sshConn, src, dest string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := path.Join(dest, filepath.ToSlash(rel))
		if d.IsDir() {
			return c.run(ctx, "mkdir -p "+shellQuote(target), nil, nil)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return c.upload(ctx, target, f)
	})
}
