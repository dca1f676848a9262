package s3src

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/trueup/trueup/engine/artifacts"
)

// Options configure a Source.
type Options struct {
	Bucket, Prefix string
	// Region overrides AWS_REGION and the shared configuration.
	Region string
	// Endpoint overrides AWS_ENDPOINT_URL; UsePathStyle addresses the
	// bucket in the path, as emulators need.
	Endpoint     string
	UsePathStyle bool
}

// API is the part of the S3 client a Source calls.
type API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

var _ API = (*s3.Client)(nil)

// Source lists the objects under one prefix.
type Source struct {
	api            API
	bucket, prefix string
}

var _ artifacts.Source = (*Source)(nil)

// New loads the AWS configuration and returns a Source; it makes no
// request.
func New(ctx context.Context, o Options) (*Source, error) {
	if o.Bucket == "" {
		return nil, fmt.Errorf("the S3 source needs a bucket")
	}
	var lo []func(*awsconfig.LoadOptions) error
	if o.Region != "" {
		lo = append(lo, awsconfig.WithRegion(o.Region))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		so.UsePathStyle = o.UsePathStyle
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
	})
	return NewWithAPI(client, o.Bucket, o.Prefix), nil
}

// NewWithAPI returns a Source that calls api.
func NewWithAPI(api API, bucket, prefix string) *Source {
	return &Source{api: api, bucket: bucket, prefix: prefix}
}

// List returns every object under the prefix; the tag is the whole key.
func (s *Source) List(ctx context.Context) ([]artifacts.Candidate, error) {
	var out []artifacts.Candidate
	p := s3.NewListObjectsV2Paginator(s.api, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &s.prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing s3://%s/%s: %w", s.bucket, s.prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if strings.HasSuffix(key, "/") {
				continue // a folder placeholder
			}
			out = append(out, artifacts.Candidate{Tag: key, Version: key, Location: s.bucket,
				Link: "s3://" + s.bucket + "/" + key, Created: aws.ToTime(o.LastModified)})
		}
	}
	return out, nil
}

// Resolve reads the object's ETag and version ID.
func (s *Source) Resolve(ctx context.Context, c artifacts.Candidate) (artifacts.Candidate, error) {
	out, err := s.api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &c.Tag})
	if err != nil {
		return c, fmt.Errorf("reading s3://%s/%s: %w", s.bucket, c.Tag, err)
	}
	c.Digest = "etag:" + strings.Trim(aws.ToString(out.ETag), `"`)
	if v := aws.ToString(out.VersionId); v != "" && v != "null" {
		c.Digest += "@" + v
	}
	c.Created = aws.ToTime(out.LastModified)
	c.Location = s.bucket
	c.Link = "s3://" + s.bucket + "/" + c.Tag
	return c, nil
}
