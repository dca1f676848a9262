package config

import "github.com/hashicorp/hcl/v2"

// The raw* types are the blocks' syntax as gohcl decodes it.

type rawArtifact struct {
	OCI          []*rawOCI     `hcl:"oci,block"`
	S3           []*rawS3      `hcl:"s3,block"`
	Release      []*rawRelease `hcl:"release,block"`
	Semver       *string       `hcl:"semver,optional"`
	SemverRange  hcl.Range     `hcl:"semver,attr_value_range"`
	TagRegexp    *string       `hcl:"tag_regexp,optional"`
	RegexpRange  hcl.Range     `hcl:"tag_regexp,attr_value_range"`
	SortKey      *string       `hcl:"sort_key,optional"`
	SortKeyRange hcl.Range     `hcl:"sort_key,attr_value_range"`
	Sort         *string       `hcl:"sort,optional"`
	SortRange    hcl.Range     `hcl:"sort,attr_value_range"`
	Latest       *bool         `hcl:"latest,optional"`
	LatestRange  hcl.Range     `hcl:"latest,attr_value_range"`
	Value        *string       `hcl:"value,optional"`
	ValueRange   hcl.Range     `hcl:"value,attr_value_range"`
	Link         *string       `hcl:"link,optional"`
	LinkRange    hcl.Range     `hcl:"link,attr_value_range"`
	PollInterval *string       `hcl:"poll_interval,optional"`
	PollRange    hcl.Range     `hcl:"poll_interval,attr_value_range"`
}

type rawOCI struct {
	Repository  string    `hcl:"repository"`
	RepoRange   hcl.Range `hcl:"repository,attr_value_range"`
	Insecure    bool      `hcl:"insecure,optional"`
	UsernameEnv string    `hcl:"username_env,optional"`
	PasswordEnv string    `hcl:"password_env,optional"`
	DefRange    hcl.Range `hcl:",def_range"`
}

type rawS3 struct {
	Bucket       string    `hcl:"bucket"`
	Prefix       string    `hcl:"prefix,optional"`
	Region       string    `hcl:"region,optional"`
	Endpoint     string    `hcl:"endpoint,optional"`
	UsePathStyle bool      `hcl:"use_path_style,optional"`
	DefRange     hcl.Range `hcl:",def_range"`
}

type rawRelease struct {
	Forge      string    `hcl:"forge"`
	ForgeRange hcl.Range `hcl:"forge,attr_value_range"`
	Repo       string    `hcl:"repo"`
	RepoRange  hcl.Range `hcl:"repo,attr_value_range"`
	DefRange   hcl.Range `hcl:",def_range"`
}

type rawStage struct {
	Stacks      []string  `hcl:"stacks"`
	StacksRange hcl.Range `hcl:"stacks,attr_value_range"`
	After       string    `hcl:"after,optional"`
	AfterRange  hcl.Range `hcl:"after,attr_value_range"`
	Mode        string    `hcl:"mode,optional"`
	ModeRange   hcl.Range `hcl:"mode,attr_value_range"`
	Soak        string    `hcl:"soak,optional"`
	SoakRange   hcl.Range `hcl:"soak,attr_value_range"`
	HealthURL   string    `hcl:"health_url,optional"`
	HealthRange hcl.Range `hcl:"health_url,attr_value_range"`
}
