package config

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/artifacts"
)

// Source kinds.
const (
	SourceOCI     = "oci"
	SourceS3      = "s3"
	SourceRelease = "release"
)

// Promotion modes.
const (
	// ModePullRequest opens (or updates) a pull request per promotion.
	ModePullRequest = "pull_request"
	// ModeCommit commits straight to the stage's branch.
	ModeCommit = "commit"
)

// Config holds the artifact blocks and stage blocks of one file.
type Config struct {
	// Artifacts are in file order; names are unique.
	Artifacts []*Artifact
	// Stages are in promotion order: each one's After is the one before.
	Stages []*Stage
}

// Artifact is one artifact markers follow.
type Artifact struct {
	Name string
	// Kind is SourceOCI, SourceS3 or SourceRelease; exactly one of OCI, S3
	// and Release is set, as Kind says.
	Kind    string
	OCI     *OCI
	S3      *S3
	Release *Release
	// Policy picks the newest build.
	Policy *artifacts.Policy
	// Value writes a build into a marked value; Link, when set, makes the
	// link to a build that pull requests show.
	Value *artifacts.Template
	Link  *artifacts.Template
	// PollInterval is how often the agent lists the source.
	PollInterval time.Duration
	// DeclRange is where the artifact block is declared.
	DeclRange hcl.Range
}

// OCI is an OCI registry repository.
type OCI struct {
	Repository string
	Insecure   bool
	// UsernameEnv and PasswordEnv name the environment variables that hold
	// registry credentials ("" when the Docker configuration serves).
	UsernameEnv, PasswordEnv string
}

// S3 is a bucket prefix.
type S3 struct {
	Bucket, Prefix, Region, Endpoint string
	UsePathStyle                     bool
}

// Release is a forge repository's releases.
type Release struct {
	// Forge is "github" or "gitlab"; Repo is "owner/name".
	Forge, Repo string
}

// Stage is one environment builds are promoted to.
type Stage struct {
	Name string
	// Stacks are the agent stacks that make up the stage: markers in their
	// directories are rewritten when a build reaches the stage.
	Stacks      []string
	StacksRange hcl.Range
	// After is the stage a build must have passed first ("" for the
	// first).
	After string
	// Mode is ModePullRequest or ModeCommit.
	Mode string
	// Soak is how long a build must have run in After before it moves here.
	Soak time.Duration
	// HealthURL, when set, must answer 2xx before a build moves on from
	// this stage.
	HealthURL string
	// DeclRange is where the stage block is declared.
	DeclRange hcl.Range
}

// DefaultPollInterval is how often sources are listed by default.
const DefaultPollInterval = 5 * time.Minute

// PollInterval is the shortest poll interval of the artifacts.
func (c *Config) PollInterval() time.Duration {
	d := DefaultPollInterval
	for i, a := range c.Artifacts {
		if i == 0 || a.PollInterval < d {
			d = a.PollInterval
		}
	}
	return d
}

// Artifact returns the artifact named name, or nil.
func (c *Config) Artifact(name string) *Artifact {
	for _, a := range c.Artifacts {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Stage returns the stage named name, or nil.
func (c *Config) Stage(name string) *Stage {
	for _, s := range c.Stages {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Next returns the stage that follows name, or nil.
func (c *Config) Next(name string) *Stage {
	for _, s := range c.Stages {
		if s.After == name {
			return s
		}
	}
	return nil
}
