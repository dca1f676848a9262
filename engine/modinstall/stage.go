package modinstall

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modsdir"
)

// modulesDir is where modules are installed, as a path.
func (in *installer) modulesDir() string {
	return onDisk(in.opts.StackDir, in.opts.ModulesDir)
}

// fetchPackage fetches pkg into the staging directory as stage/KEY, and
// returns that directory. A package fetched before in this run is copied
// rather than downloaded again.
func (in *installer) fetchPackage(ctx context.Context, key, pkg string) (string, error) {
	if err := in.ensureStage(); err != nil {
		return "", err
	}
	dst := filepath.Join(in.stage, key)
	if done, ok := in.fetched[pkg]; ok {
		if err := getmodules.CopyTree(ctx, done, dst); err != nil {
			os.RemoveAll(dst)
			return "", err
		}
	} else {
		if err := in.opts.Fetcher.Fetch(ctx, pkg, dst); err != nil {
			return "", err
		}
		in.fetched[pkg] = dst
	}
	in.staged = append(in.staged, key)
	return dst, nil
}

// ensureStage makes the staging directory inside .terraform/modules (so
// that moving packages into place is a rename), remembering which parent
// directories it had to create so that a failed run can remove them.
func (in *installer) ensureStage() error {
	if in.stage != "" {
		return nil
	}
	var missing []string
	for d := in.modulesDir(); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); !os.IsNotExist(err) || d == filepath.Dir(d) {
			break
		}
		missing = append([]string{d}, missing...)
	}
	for _, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
		in.created = append(in.created, d)
	}
	stage, err := os.MkdirTemp(in.modulesDir(), ".install-")
	if err != nil {
		return err
	}
	in.stage = stage
	return nil
}

// commit moves the staged packages into place, replacing older copies,
// then writes the manifest.
func (in *installer) commit() error {
	for _, key := range in.staged {
		final := filepath.Join(in.modulesDir(), key)
		if err := os.RemoveAll(final); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(in.stage, key), final); err != nil {
			return err
		}
	}
	if err := in.next.WriteFile(filepath.Join(in.modulesDir(), modsdir.FileName)); err != nil {
		return err
	}
	in.created = nil
	return nil
}

// unstageFilenames makes diagnostics about files of fetched packages name
// them where they are installed (.terraform/modules/KEY/…), not where
// they were staged.
func (in *installer) unstageFilenames() {
	if in.stage == "" {
		return
	}
	fix := func(r *hcl.Range) {
		if r != nil && strings.HasPrefix(r.Filename, in.stage+string(filepath.Separator)) {
			r.Filename = filepath.Join(in.modulesDir(), strings.TrimPrefix(r.Filename, in.stage))
		}
	}
	for _, d := range in.diags {
		fix(d.Subject)
		fix(d.Context)
	}
}
