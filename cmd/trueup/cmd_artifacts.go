package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/check"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
	artmarker "github.com/trueup/trueup/engine/artifacts/marker"
	"github.com/trueup/trueup/engine/artifacts/sources"
)

// defaultArtifactsConfig is the file `trueup artifacts` reads when
// -config is not given.
const defaultArtifactsConfig = "trueup-artifacts.hcl"

// cmdArtifacts dispatches `trueup artifacts list|rollback`.
func cmdArtifacts(ctx context.Context, c *cli, args []string) int {
	subs := map[string]func(context.Context, []string) int{"list": c.artifactsList, "rollback": c.artifactsRollback}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(c.stderr, "Usage: trueup artifacts <list|rollback> [options]\n\n"+
			"  list [-config=FILE] [-dir=DIR] [-json]              every marker, its value and the newest matching build\n"+
			"  rollback -config=AGENT.hcl [-artifact=NAME] STAGE   revert the stage's latest promotion on its branch")
		return 1
	}
	return subs[args[0]](ctx, args[1:])
}

func (c *cli) artifactsList(ctx context.Context, args []string) int {
	var cfgPath, dir string
	var jsonOut, noColor bool
	fs := c.newFlags("artifacts list")
	fs.StringVar(&cfgPath, "config", defaultArtifactsConfig, "The file with the artifact blocks, and forge blocks for release sources (the agent's configuration serves)")
	fs.StringVar(&dir, "dir", ".", "The configuration repository's directory to search for markers")
	fs.BoolVar(&jsonOut, "json", false, "Print JSON")
	fs.BoolVar(&noColor, "no-color", false, "No colour in diagnostics")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	cfg, files, diags := artconfig.DecodeFile(cfgPath)
	if diags.HasErrors() {
		c.printDiags(diags, files, noColor)
		return 1
	}
	forges := map[string]releaseForge{}
	if f := files[cfgPath]; f != nil {
		var ds hcl.Diagnostics
		forges, ds = forgeBlocks(f.Body)
		diags = append(diags, ds...)
	}
	markers, mfiles, ds := artmarker.Find(dir)
	for k, v := range mfiles {
		files[k] = v
	}
	diags = append(diags, ds...)
	diags = append(diags, check.Unknown(cfg, markers)...)
	c.printDiags(diags, files, noColor)
	if diags.HasErrors() {
		return 1
	}
	statuses := check.Run(ctx, cfg, markers, func(ctx context.Context, a *artconfig.Artifact) (artifacts.Source, error) {
		return sources.Open(ctx, a, sources.Options{Releases: releaseOpener(cfgPath, forges)})
	})
	if jsonOut {
		return c.printStatusesJSON(statuses)
	}
	return c.printStatuses(statuses)
}

func (c *cli) printStatusesJSON(statuses []check.Status) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if statuses == nil {
		statuses = []check.Status{}
	}
	if err := enc.Encode(map[string]any{"markers": statuses}); err != nil {
		return c.errorf("%v", err)
	}
	return exitFor(statuses)
}

func (c *cli) printStatuses(statuses []check.Status) int {
	if len(statuses) == 0 {
		fmt.Fprintln(c.stdout, "No artifact markers found.")
		return 0
	}
	w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ARTIFACT\tMARKER\tCURRENT\tNEWEST\tDIGEST\tSTATE")
	for _, s := range statuses {
		newest, digest, state := "-", "-", s.State
		if s.Newest != nil {
			newest, digest = s.Newest.Tag, shortDigest(s.Newest.Digest)
		}
		if s.Error != "" {
			state += ": " + s.Error
		}
		fmt.Fprintf(w, "%s\t%s:%d\t%s\t%s\t%s\t%s\n", s.Marker.Name, s.Marker.File, s.Marker.Line(), s.Marker.Value, newest, digest, state)
	}
	w.Flush()
	return exitFor(statuses)
}

// exitFor is 1 when a marker could not be checked or its tag moved.
func exitFor(statuses []check.Status) int {
	for _, s := range statuses {
		if s.State == check.Failed || s.State == check.TagMoved {
			return 1
		}
	}
	return 0
}

// shortDigest abbreviates "sha256:0123456789abcdef..." to 12 hex digits.
func shortDigest(d string) string {
	if alg, hex, ok := strings.Cut(d, ":"); ok && len(hex) > 12 {
		return alg + ":" + hex[:12]
	}
	return d
}
