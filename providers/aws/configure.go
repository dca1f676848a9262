package aws

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/awsauth"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// defaultMaxRetries is the Terraform AWS provider's default max_retries.
const defaultMaxRetries = 25

// client holds what Configure resolved: SDK clients and provider-wide
// settings. It is read-only after Configure and so safe to share.
type client struct {
	region      string
	partition   string
	accountID   string
	defaultTags map[string]string

	s3       *s3.Client
	dynamodb *dynamodb.Client
	sqs      *sqs.Client
	sns      *sns.Client
	iam      *iam.Client
	sts      *sts.Client
	ssm      *ssm.Client
	logs     *cloudwatchlogs.Client
	secrets  *secretsmanager.Client
	kms      *kms.Client
	ec2      *ec2.Client
	route53  *route53.Client

	// s3Lean sends aws_s3_object's per-object calls without the SDK's
	// stack when it can (s3_lean.go); nil when it cannot.
	s3Lean *s3Lean
}

// settings is the provider block decoded.
type settings struct {
	region, accessKey, secretKey, token, profile string
	roleARN, sessionName, externalID             string
	webIdentity                                  kit.Obj // assume_role_with_web_identity, when Present
	endpoints                                    map[string]string
	pathStyle, skipValidation, skipAccountID     bool
	maxRetries                                   int
	defaultTags                                  map[string]string
}

func decodeSettings(v cty.Value) settings {
	o := kit.Obj(v)
	s := settings{
		region: o.Str("region"), accessKey: o.Str("access_key"), secretKey: o.Str("secret_key"),
		token: o.Str("token"), profile: o.Str("profile"),
		pathStyle: o.Bool("s3_use_path_style"), skipValidation: o.Bool("skip_credentials_validation"),
		skipAccountID: o.Bool("skip_requesting_account_id"), maxRetries: defaultMaxRetries,
		endpoints: map[string]string{},
	}
	if p := o.Int64Ptr("max_retries"); p != nil {
		s.maxRetries = int(*p)
	}
	if ar := o.Block("assume_role"); ar.Present() {
		s.roleARN, s.sessionName, s.externalID = ar.Str("role_arn"), ar.Str("session_name"), ar.Str("external_id")
	}
	s.webIdentity = o.Block("assume_role_with_web_identity")
	if ep := o.Block("endpoints"); ep.Present() {
		for _, name := range endpointServices {
			if u := ep.Str(name); u != "" {
				s.endpoints[name] = u
			}
		}
	}
	if dt := o.Block("default_tags"); dt.Present() {
		s.defaultTags = dt.StrMap("tags")
	}
	return s
}

func configure(ctx context.Context, v cty.Value) (*client, schema.Diagnostics) {
	s := decodeSettings(v)
	if (s.accessKey == "") != (s.secretKey == "") {
		return nil, schema.Errorf(cty.GetAttrPath("access_key"), "Incomplete static credentials",
			"access_key and secret_key must be set together.")
	}
	var webIdentity *awsauth.WebIdentity
	if s.webIdentity.Present() {
		w, diags := decodeWebIdentity(s.webIdentity)
		if diags.HasErrors() {
			return nil, diags
		}
		webIdentity = &w
	}
	cfg, err := loadConfig(ctx, s)
	if err != nil {
		return nil, schema.Errorf(nil, "Cannot load AWS configuration", err.Error())
	}
	if cfg.Region == "" {
		return nil, schema.Errorf(cty.GetAttrPath("region"), "No AWS region",
			"Set region in the provider block, or AWS_REGION, or a region in the shared config profile.")
	}
	// The credentials chain as Terraform's: the web identity role's
	// replace the configured ones, and assume_role is assumed with those.
	if webIdentity != nil {
		cfg.Credentials = webIdentity.Credentials(newSTSClient(cfg, s))
	}
	if s.roleARN != "" {
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(newSTSClient(cfg, s), s.roleARN,
			func(o *stscreds.AssumeRoleOptions) {
				if s.sessionName != "" {
					o.RoleSessionName = s.sessionName
				}
				if s.externalID != "" {
					o.ExternalID = aws.String(s.externalID)
				}
			}))
	}
	c := newClient(cfg, s)
	if !s.skipValidation || !s.skipAccountID {
		out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		switch {
		case err != nil && !s.skipValidation:
			return nil, schema.Errorf(nil, "Invalid AWS credentials",
				"STS GetCallerIdentity failed: "+apiMessage(err)+". Check the credentials, or set skip_credentials_validation.")
		case err == nil:
			c.accountID = aws.ToString(out.Account)
		}
	}
	return c, nil
}

func loadConfig(ctx context.Context, s settings) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return newRetryer(s.maxRetries) }),
		config.WithHTTPClient(newHTTPClient()),
	}
	if s.region != "" {
		opts = append(opts, config.WithRegion(s.region))
	}
	if s.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.profile))
	}
	if s.accessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(s.accessKey, s.secretKey, s.token)))
	}
	// The SDK's errors name files and profiles, never secret values.
	return config.LoadDefaultConfig(ctx, opts...)
}

// maxIdleConnsPerHost is how many idle connections the provider keeps to
// one endpoint. The SDK's default, 10, is below the -parallelism users
// run at (50, 100): each request beyond it dialled a connection and
// closed it after the answer, a TCP (and TLS) handshake per call.
const maxIdleConnsPerHost = 256

// newHTTPClient is the SDK's HTTP client with connections kept for
// reuse up to maxIdleConnsPerHost per endpoint.
func newHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConns = 0 // no limit across endpoints
		t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	})
}

func newClient(cfg aws.Config, s settings) *client {
	ep := func(name string) *string {
		if u, ok := s.endpoints[name]; ok {
			return aws.String(u)
		}
		return nil
	}
	c := &client{
		region:      cfg.Region,
		partition:   partitionOf(cfg.Region),
		defaultTags: s.defaultTags,
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			withBodyCheckOnlyWithBody(o)
			o.UsePathStyle = s.pathStyle
			if o.HTTPClient != nil {
				o.HTTPClient = inMemoryBodies{o.HTTPClient}
			}
			if u := ep("s3"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		dynamodb: dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			if u := ep("dynamodb"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		sqs: sqs.NewFromConfig(cfg, func(o *sqs.Options) {
			if u := ep("sqs"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		sns: sns.NewFromConfig(cfg, func(o *sns.Options) {
			if u := ep("sns"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		iam: iam.NewFromConfig(cfg, func(o *iam.Options) {
			if u := ep("iam"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		sts: newSTSClient(cfg, s),
		ssm: ssm.NewFromConfig(cfg, func(o *ssm.Options) {
			if u := ep("ssm"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		logs: cloudwatchlogs.NewFromConfig(cfg, func(o *cloudwatchlogs.Options) {
			if u := ep("logs"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		secrets: secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
			if u := ep("secretsmanager"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		kms: kms.NewFromConfig(cfg, func(o *kms.Options) {
			if u := ep("kms"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		ec2: ec2.NewFromConfig(cfg, func(o *ec2.Options) {
			if u := ep("ec2"); u != nil {
				o.BaseEndpoint = u
			}
		}),
		route53: route53.NewFromConfig(cfg, func(o *route53.Options) {
			if u := ep("route53"); u != nil {
				o.BaseEndpoint = u
			}
		}),
	}
	c.s3Lean = newS3Lean(c.s3)
	return c
}

// newSTSClient is the STS client of cfg at s's sts endpoint: the client's
// own, and the one its credentials chain (web identity, assume_role) asks.
func newSTSClient(cfg aws.Config, s settings) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) {
		if u, ok := s.endpoints["sts"]; ok {
			o.BaseEndpoint = aws.String(u)
		}
	})
}

// partitionOf names the ARN partition a region belongs to.
func partitionOf(region string) string {
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}
