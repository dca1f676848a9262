package getmodules

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/internal/awsretry"
)

// s3Location is an s3:: package address taken apart as go-getter does.
type s3Location struct {
	bucket, key, region, version string
	// endpoint is set for hosts other than amazonaws.com (an S3-compatible
	// server, reached path-style).
	endpoint string
	// static credentials from ?aws_access_key_id=…&aws_access_key_secret=…
	accessKey, secretKey, token string
}

// parseS3URL reads the forms Terraform accepts: path style
// (s3.amazonaws.com/BUCKET/KEY, s3-REGION.amazonaws.com/BUCKET/KEY),
// virtual-host style (BUCKET.s3.amazonaws.com/KEY,
// BUCKET.s3-REGION.amazonaws.com/KEY, BUCKET.s3.REGION.amazonaws.com/KEY)
// and any other host as an S3-compatible endpoint, path style, with
// ?region= (default us-east-1).
func parseS3URL(u *url.URL) (s3Location, error) {
	q := u.Query()
	loc := s3Location{version: q.Get("version"), accessKey: q.Get("aws_access_key_id"),
		secretKey: q.Get("aws_access_key_secret"), token: q.Get("aws_access_token")}
	invalid := fmt.Errorf("%s is not a valid S3 URL", redactURL(u))
	if !strings.Contains(u.Host, "amazonaws.com") {
		parts := strings.SplitN(u.Path, "/", 3)
		if len(parts) != 3 || parts[1] == "" {
			return loc, invalid
		}
		loc.bucket, loc.key = parts[1], parts[2]
		loc.region = q.Get("region")
		if loc.region == "" {
			loc.region = "us-east-1"
		}
		loc.endpoint = u.Scheme + "://" + u.Host
		return loc, nil
	}
	host := strings.Split(u.Host, ".")
	switch len(host) {
	case 3:
		loc.region = strings.TrimPrefix(strings.TrimPrefix(host[0], "s3-"), "s3")
		if loc.region == "" {
			loc.region = "us-east-1"
		}
		parts := strings.SplitN(u.Path, "/", 3)
		if len(parts) != 3 {
			return loc, invalid
		}
		loc.bucket, loc.key = parts[1], parts[2]
	case 4:
		if host[0] == "s3" {
			// s3.REGION.amazonaws.com/BUCKET/KEY: what the detector makes of
			// BUCKET.s3.REGION.amazonaws.com (go-getter itself misreads it).
			loc.region = host[1]
			parts := strings.SplitN(u.Path, "/", 3)
			if len(parts) != 3 {
				return loc, invalid
			}
			loc.bucket, loc.key = parts[1], parts[2]
			break
		}
		loc.region = strings.TrimPrefix(strings.TrimPrefix(host[1], "s3-"), "s3")
		if loc.region == "" {
			return loc, invalid
		}
		loc.bucket, loc.key = host[0], strings.TrimPrefix(u.Path, "/")
	case 5:
		loc.region = host[2]
		loc.bucket, loc.key = host[0], strings.TrimPrefix(u.Path, "/")
	default:
		return loc, invalid
	}
	return loc, nil
}

// s3Getter is the part of the S3 client module fetching uses.
type s3Getter interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

var _ s3Getter = (*s3.Client)(nil)

// fetchS3 fetches an s3:: package: an archive object (by extension or
// ?archive=) is downloaded and extracted; otherwise every object under the
// key, as a directory, is downloaded into dst. Credentials come from the
// URL or the SDK's default chain (environment, profile, instance role);
// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL redirect amazonaws.com URLs.
func (f *Fetcher) fetchS3(ctx context.Context, raw, dst string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %v", err)
	}
	loc, err := parseS3URL(u)
	if err != nil {
		return err
	}
	client, err := newS3Client(ctx, loc)
	if err != nil {
		return err
	}
	format, _, err := archiveFormat(u)
	if err != nil {
		return err
	}
	if format != "" {
		return f.downloadArchive(u, format, dst, func(w io.Writer) error {
			return s3Object(ctx, client, loc, loc.key, w)
		})
	}
	return s3Dir(ctx, client, loc, dst)
}

// s3ModuleRetries is how often a failed S3 request of a module download
// is retried.
const s3ModuleRetries = 5

func newS3Client(ctx context.Context, loc s3Location) (*s3.Client, error) {
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(loc.region),
		// The SDK decides what to retry, internal/retry how long to wait
		// (at least Retry-After; docs/retry.md).
		awsconfig.WithRetryer(func() aws.Retryer { return awsretry.New(s3ModuleRetries, awsretry.Policy) })}
	if loc.accessKey != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(loc.accessKey, loc.secretKey, loc.token)))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %v", err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if loc.endpoint != "" {
			o.BaseEndpoint = aws.String(loc.endpoint)
			o.UsePathStyle = true
		}
	}), nil
}

// s3Object writes one object (at loc's version for the package's own key)
// to w.
func s3Object(ctx context.Context, client s3Getter, loc s3Location, key string, w io.Writer) error {
	in := &s3.GetObjectInput{Bucket: aws.String(loc.bucket), Key: aws.String(key)}
	if loc.version != "" && key == loc.key {
		in.VersionId = aws.String(loc.version)
	}
	out, err := client.GetObject(ctx, in)
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) {
			return fmt.Errorf("s3://%s/%s: %w", loc.bucket, key, ErrNotFound)
		}
		return fmt.Errorf("reading s3://%s/%s: %v", loc.bucket, key, err)
	}
	defer out.Body.Close()
	_, err = io.Copy(w, out.Body)
	return err
}

// s3Dir downloads every object under loc's key into dst, keeping the
// layout below the key. Keys ending in "/" (folder markers) are skipped;
// keys that only share a prefix with it (KEY-other/…) are not its.
func s3Dir(ctx context.Context, client s3Getter, loc s3Location, dst string) error {
	prefix := strings.TrimSuffix(loc.key, "/")
	in := &s3.ListObjectsV2Input{Bucket: aws.String(loc.bucket), Prefix: aws.String(prefix)}
	n := 0
	for p := s3.NewListObjectsV2Paginator(client, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing s3://%s/%s: %v", loc.bucket, prefix, err)
		}
		for _, obj := range page.Contents {
			key := aws.ToString(obj.Key)
			rel, ok := underPrefix(prefix, key)
			if !ok {
				continue
			}
			if err := writeObject(dst, rel, func(w io.Writer) error { return s3Object(ctx, client, loc, key, w) }); err != nil {
				return err
			}
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("no objects under s3://%s/%s: %w", loc.bucket, prefix, ErrNotFound)
	}
	return nil
}

// underPrefix returns key's path below the directory prefix, or false for
// folder markers, the prefix itself and keys outside it.
func underPrefix(prefix, key string) (string, bool) {
	if strings.HasSuffix(key, "/") {
		return "", false
	}
	if prefix == "" {
		return key, true
	}
	rel, ok := strings.CutPrefix(key, prefix+"/")
	if !ok || rel == "" || hasDotDot(rel) {
		return "", false
	}
	return rel, true
}

// writeObject writes one downloaded object at dst/rel.
func writeObject(dst, rel string, get func(io.Writer) error) error {
	target, err := entryPath(dst, rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	file, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := get(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

// downloadArchive writes an archive with get to a temporary file beside
// dst, checks ?checksum= and extracts it into dst.
func (f *Fetcher) downloadArchive(u *url.URL, format, dst string, get func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".download-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := get(tmp); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := verifyChecksum(u, tmp.Name()); err != nil {
		return err
	}
	return extract(format, tmp.Name(), dst)
}
