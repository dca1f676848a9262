package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func cmdFmt(ctx context.Context, c *cli, args []string) int {
	var check, diff, recursive, list, write, noColor bool
	fs := c.newFlags("fmt")
	fs.BoolVar(&check, "check", false, "Exit 3 when any file is not formatted, without changing it")
	fs.BoolVar(&diff, "diff", false, "Print a unified diff of the formatting changes")
	fs.BoolVar(&recursive, "recursive", false, "Also format files in subdirectories")
	fs.BoolVar(&list, "list", true, "List files whose formatting differs")
	fs.BoolVar(&write, "write", true, "Write the formatted files (never with -check)")
	fs.BoolVar(&noColor, "no-color", false, "Accepted for Terraform's sake: fmt prints no colour")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	roots := fs.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	var files []string
	for _, root := range roots {
		found, err := fmtFiles(root, recursive)
		if err != nil {
			return c.errorf("%v", err)
		}
		files = append(files, found...)
	}
	sort.Strings(files)
	unformatted := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return c.errorf("%v", err)
		}
		if _, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos); diags.HasErrors() {
			c.printDiags(diags, nil, true)
			return 2
		}
		out := hclwrite.Format(src)
		if bytes.Equal(src, out) {
			continue
		}
		unformatted++
		if list {
			fmt.Fprintln(c.stdout, f)
		}
		if diff {
			// As Terraform's (which runs diff -u): old/ and new/ labels.
			fmt.Fprint(c.stdout, udiff.Unified("old/"+f, "new/"+f, string(src), string(out)))
		}
		if write && !check {
			if err := os.WriteFile(f, out, 0o644); err != nil {
				return c.errorf("%v", err)
			}
		}
	}
	if check && unformatted > 0 {
		return 3
	}
	return 0
}

// fmtFiles lists the .tf and .tfvars files under root.
func fmtFiles(root string, recursive bool) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars") {
			out = append(out, path)
		}
		return nil
	})
	return out, err
}
