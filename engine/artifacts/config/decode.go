package config

import (
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/internal/hclblock"
)

// Schema is the part of a file Decode reads.
var Schema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "artifact", LabelNames: []string{"name"}},
	{Type: "stage", LabelNames: []string{"name"}},
}}

var validName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`) })

// Decode reads the artifact and stage blocks of body and returns the rest
// of the body for its owner to decode. The Config is never nil; it is
// incomplete when the diagnostics hold errors.
func Decode(body hcl.Body) (*Config, hcl.Body, hcl.Diagnostics) {
	content, remain, diags := body.PartialContent(Schema)
	cfg := &Config{}
	for _, b := range content.Blocks {
		switch b.Type {
		case "artifact":
			a, ds := decodeArtifact(b)
			diags = append(diags, ds...)
			if a == nil {
				continue
			}
			if prev := cfg.Artifact(a.Name); prev != nil {
				diags = append(diags, hclblock.Redeclared("artifact", a.Name, b.LabelRanges[0], prev.DeclRange))
				continue
			}
			cfg.Artifacts = append(cfg.Artifacts, a)
		case "stage":
			diags = append(diags, decodeStage(cfg, b)...)
		}
	}
	return cfg, remain, diags
}

// DecodeFile reads the artifact and stage blocks of the HCL file at path,
// ignoring every other block (so an agent configuration file serves). It
// returns the parsed files for printing diagnostics.
func DecodeFile(path string) (*Config, map[string]*hcl.File, hcl.Diagnostics) {
	p := hclparse.NewParser()
	f, diags := p.ParseHCLFile(path)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	cfg, _, ds := Decode(f.Body)
	return cfg, p.Files(), append(diags, ds...)
}

func decodeArtifact(b *hcl.Block) (*Artifact, hcl.Diagnostics) {
	raw, diags := hclblock.Decode[rawArtifact](b)
	name := b.Labels[0]
	if !validName().MatchString(name) {
		diags = append(diags, errorAt(b.LabelRanges[0], "Invalid artifact name",
			"An artifact name starts with a letter and holds letters, digits, '_' and '-', as markers (# trueup:artifact NAME) spell it."))
	}
	if diags.HasErrors() {
		return nil, diags
	}
	a := &Artifact{Name: name, DeclRange: b.DefRange, PollInterval: DefaultPollInterval}
	if raw.PollInterval != nil {
		d, err := time.ParseDuration(*raw.PollInterval)
		if err != nil || d < time.Second {
			diags = append(diags, errorAt(raw.PollRange, "Invalid poll_interval",
				fmt.Sprintf("poll_interval is a duration of at least 1s, such as \"5m\", not %q.", *raw.PollInterval)))
		}
		a.PollInterval = d
	}
	diags = append(diags, decodeSource(a, raw, b.DefRange)...)
	p, ds := decodePolicy(raw, b.DefRange)
	a.Policy = p
	diags = append(diags, ds...)
	value := "{tag}"
	if a.Kind == SourceOCI {
		value = "{location}:{tag}"
	}
	if raw.Value != nil {
		value = *raw.Value
	}
	t, err := artifacts.ParseTemplate(value)
	if err != nil {
		diags = append(diags, errorAt(raw.ValueRange, "Invalid value template", err.Error()+"."))
	}
	a.Value = t
	if raw.Link != nil {
		if a.Link, err = artifacts.ParseTemplate(*raw.Link); err != nil {
			diags = append(diags, errorAt(raw.LinkRange, "Invalid link template", err.Error()+"."))
		}
	}
	return a, diags
}

func decodeSource(a *Artifact, raw *rawArtifact, def hcl.Range) hcl.Diagnostics {
	n := len(raw.OCI) + len(raw.S3) + len(raw.Release)
	if n != 1 {
		return hcl.Diagnostics{errorAt(def, "Exactly one artifact source",
			fmt.Sprintf("An artifact block holds exactly one source block (oci, s3 or release); this one has %d.", n))}
	}
	switch {
	case len(raw.OCI) == 1:
		o := raw.OCI[0]
		a.Kind, a.OCI = SourceOCI, &OCI{Repository: o.Repository, Insecure: o.Insecure, UsernameEnv: o.UsernameEnv, PasswordEnv: o.PasswordEnv}
		if o.Repository == "" {
			return hcl.Diagnostics{errorAt(o.RepoRange, "Empty repository", `repository names an OCI repository, such as "registry.example.com/team/web".`)}
		}
		if (o.UsernameEnv == "") != (o.PasswordEnv == "") {
			return hcl.Diagnostics{errorAt(o.DefRange, "Incomplete registry credentials", "Set both username_env and password_env, or neither (the Docker configuration file then serves).")}
		}
	case len(raw.S3) == 1:
		s := raw.S3[0]
		a.Kind, a.S3 = SourceS3, &S3{Bucket: s.Bucket, Prefix: s.Prefix, Region: s.Region, Endpoint: s.Endpoint, UsePathStyle: s.UsePathStyle}
	default:
		r := raw.Release[0]
		a.Kind, a.Release = SourceRelease, &Release{Forge: r.Forge, Repo: r.Repo}
		if r.Forge != "github" && r.Forge != "gitlab" {
			return hcl.Diagnostics{errorAt(r.ForgeRange, "Unsupported forge", fmt.Sprintf("The forge %q is not supported: use \"github\" or \"gitlab\".", r.Forge))}
		}
	}
	return nil
}

func decodePolicy(raw *rawArtifact, def hcl.Range) (*artifacts.Policy, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	p := &artifacts.Policy{Sort: artifacts.SortAlphabetical}
	if raw.TagRegexp != nil {
		re, err := regexp.Compile(*raw.TagRegexp)
		if err != nil {
			diags = append(diags, errorAt(raw.RegexpRange, "Invalid tag_regexp", fmt.Sprintf("The tag_regexp does not compile: %v.", err)))
		} else {
			p.TagPattern = re
		}
	}
	latest := raw.Latest != nil && *raw.Latest
	switch {
	case raw.Semver != nil && latest:
		return nil, append(diags, errorAt(raw.LatestRange, "Conflicting policies", "Choose either semver or latest = true."))
	case raw.Semver != nil:
		c, err := semver.NewConstraint(*raw.Semver)
		if err != nil {
			return nil, append(diags, errorAt(raw.SemverRange, "Invalid semver range",
				fmt.Sprintf("%q is not a semver range: %v. Examples: \"~1.4\", \">=2.0.0 <3\", \"^1\".", *raw.Semver, err)))
		}
		p.Kind, p.Range, p.Constraint = artifacts.PolicySemver, *raw.Semver, c
	case latest:
		p.Kind = artifacts.PolicyLatest
	case raw.TagRegexp != nil:
		p.Kind = artifacts.PolicyRegexp
	default:
		return nil, append(diags, errorAt(def, "Missing selection policy",
			`Say which build is the newest: semver = "~1.4", tag_regexp = "..." (with sort_key and sort), or latest = true.`))
	}
	if raw.Sort != nil {
		if *raw.Sort != artifacts.SortAlphabetical && *raw.Sort != artifacts.SortNumeric {
			diags = append(diags, errorAt(raw.SortRange, "Invalid sort", `sort is "alphabetical" or "numeric".`))
		}
		p.Sort = *raw.Sort
	}
	if raw.SortKey != nil {
		if p.TagPattern == nil || p.TagPattern.SubexpIndex(*raw.SortKey) < 0 {
			diags = append(diags, errorAt(raw.SortKeyRange, "Unknown sort_key",
				fmt.Sprintf("sort_key names a named group of tag_regexp, such as (?P<%s>[0-9]+).", *raw.SortKey)))
		}
		p.SortKey = *raw.SortKey
	}
	if (raw.Sort != nil || raw.SortKey != nil) && p.Kind != artifacts.PolicyRegexp && !diags.HasErrors() {
		diags = append(diags, errorAt(def, "Sort without tag_regexp policy", "sort and sort_key apply only when tag_regexp alone selects builds (no semver, no latest)."))
	}
	return p, diags
}

func decodeStage(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	raw, diags := hclblock.Decode[rawStage](b)
	if diags.HasErrors() {
		return diags
	}
	s := &Stage{Name: b.Labels[0], Stacks: raw.Stacks, StacksRange: raw.StacksRange, After: raw.After, Mode: raw.Mode, HealthURL: raw.HealthURL, DeclRange: b.DefRange}
	if prev := cfg.Stage(s.Name); prev != nil {
		return append(diags, hclblock.Redeclared("stage", s.Name, b.LabelRanges[0], prev.DeclRange))
	}
	if len(s.Stacks) == 0 {
		diags = append(diags, errorAt(raw.StacksRange, "No stacks", "A stage names the agent stacks it is made of: stacks = [\"web-dev\"]."))
	}
	var last string
	if n := len(cfg.Stages); n > 0 {
		last = cfg.Stages[n-1].Name
	}
	if s.After == "" {
		s.After = last
	} else if s.After != last {
		diags = append(diags, errorAt(raw.AfterRange, "Stages out of order",
			fmt.Sprintf("Stages are promoted in file order: %q must follow the stage declared just before it (%q).", s.Name, last)))
	}
	switch s.Mode {
	case "":
		s.Mode = ModePullRequest
	case ModePullRequest, ModeCommit:
	default:
		diags = append(diags, errorAt(raw.ModeRange, "Invalid mode", `mode is "pull_request" (the default) or "commit".`))
	}
	if raw.Soak != "" {
		d, err := time.ParseDuration(raw.Soak)
		if err != nil || d < 0 {
			diags = append(diags, errorAt(raw.SoakRange, "Invalid soak", fmt.Sprintf("soak is a duration such as \"30m\" or \"24h\", not %q.", raw.Soak)))
		}
		s.Soak = d
	}
	cfg.Stages = append(cfg.Stages, s)
	return diags
}

// errorAt is an error diagnostic whose subject is rng.
var errorAt = hclblock.ErrorAt
