package getmodules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"cloud.google.com/go/storage"
	"golang.org/x/oauth2"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/internal/gcpretry"
)

// parseGCSURL reads go-getter's form,
// https://www.googleapis.com/storage/v1/BUCKET/PATH.
func parseGCSURL(u *url.URL) (bucket, object string, err error) {
	parts := strings.SplitN(u.Path, "/", 5)
	if !strings.Contains(u.Host, "googleapis.com") || len(strings.Split(u.Host, ".")) != 3 || len(parts) != 5 || parts[3] == "" {
		return "", "", fmt.Errorf("%s is not a valid GCS URL (https://www.googleapis.com/storage/v1/BUCKET/PATH)", redactURL(u))
	}
	return parts[3], parts[4], nil
}

// fetchGCS fetches a gcs:: package: an archive object is downloaded and
// extracted; otherwise every object under the path, as a directory, is
// downloaded into dst. Credentials are Google's default ones, or the
// GOOGLE_OAUTH_ACCESS_TOKEN variable as go-getter reads it;
// STORAGE_EMULATOR_HOST points the client at an emulator.
func (f *Fetcher) fetchGCS(ctx context.Context, raw, dst string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %v", err)
	}
	bucket, object, err := parseGCSURL(u)
	if err != nil {
		return err
	}
	var opts []option.ClientOption
	if tok := os.Getenv("GOOGLE_OAUTH_ACCESS_TOKEN"); tok != "" {
		opts = append(opts, option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})))
	}
	client, err := storage.NewClient(ctx, opts...)
	if err != nil {
		return fmt.Errorf("creating the GCS client: %v", err)
	}
	defer client.Close()
	// Every call is retried by gcpretry (docs/retry.md), not the client.
	client.SetRetry(gcpretry.NoStorageRetries)
	b := client.Bucket(bucket)
	format, _, err := archiveFormat(u)
	if err != nil {
		return err
	}
	if format != "" {
		return f.downloadArchive(u, format, dst, func(w io.Writer) error { return gcsObject(ctx, b, object, w) })
	}
	prefix := strings.TrimSuffix(object, "/")
	listed, err := gcpretry.ListObjects(ctx, gcpretry.Do, b, &storage.Query{Prefix: prefix})
	if err != nil {
		return fmt.Errorf("listing gs://%s/%s: %v", bucket, prefix, err)
	}
	n := 0
	for _, attrs := range listed {
		name := attrs.Name
		rel, ok := underPrefix(prefix, name)
		if !ok {
			continue
		}
		if err := writeObject(dst, rel, func(w io.Writer) error { return gcsObject(ctx, b, name, w) }); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no objects under gs://%s/%s: %w", bucket, prefix, ErrNotFound)
	}
	return nil
}

// gcsObject copies an object to w. It is read whole first, so that a
// read cut off is tried again from the start without writing twice.
func gcsObject(ctx context.Context, b *storage.BucketHandle, name string, w io.Writer) error {
	var buf bytes.Buffer
	err := gcpretry.Do(ctx, func(ctx context.Context) error {
		buf.Reset()
		r, err := b.Object(name).NewReader(ctx)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(&buf, r)
		return err
	})
	if err != nil {
		if errors.Is(err, storage.ErrObjectNotExist) {
			return fmt.Errorf("gs://%s/%s: %w", b.BucketName(), name, ErrNotFound)
		}
		return fmt.Errorf("reading gs://%s/%s: %v", b.BucketName(), name, err)
	}
	_, err = buf.WriteTo(w)
	return err
}
