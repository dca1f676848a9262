package s3

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/state"
)

// The journal (docs/state.md, "The journal in an object store") is
// state.StoreJournal's; objectStore is its adapter to S3: each append is
// one object, KEY.journal/ETAG/SEQ (state.JournalObjectName), ETAG being
// the stored document's, created with If-None-Match: * so that two
// writers never both write append SEQ. An object's identity is its ETag
// without quotes.

var (
	_ state.Journaler        = (*Backend)(nil)
	_ state.JournalInspector = (*Backend)(nil)
	_ state.ObjectStore      = objectStore{}
)

// newJournal returns the journal of b's state object.
func (b *Backend) newJournal() state.StoreJournal {
	return state.StoreJournal{
		Store:  objectStore{b},
		Key:    b.key,
		URL:    "s3://" + b.bucket + "/",
		Codec:  b.cfg.Codec,
		Errorf: b.errorf,
		Wrap:   b.wrap,
		Warn:   b.log.Warn,
	}
}

// objectStore is the state.ObjectStore of b's bucket, with b's
// server-side encryption.
type objectStore struct{ b *Backend }

func (o objectStore) PutIfAbsent(ctx context.Context, name string, data []byte, meta map[string]string) (string, error) {
	b := o.b
	in := &s3.PutObjectInput{
		Bucket:      &b.bucket,
		Key:         &name,
		Body:        bytes.NewReader(data),
		ContentType: aws.String("application/x-ndjson"),
		IfNoneMatch: aws.String("*"),
		Metadata:    meta,
	}
	in.ServerSideEncryption, in.SSEKMSKeyId, in.ACL = b.protection()
	out, err := b.s3.PutObject(ctx, in)
	if isPreconditionFailed(err) {
		return "", fmt.Errorf("%w: %w", state.ErrObjectExists, err)
	}
	if err != nil {
		return "", err
	}
	return objectID(out.ETag), nil
}

func (o objectStore) Head(ctx context.Context, name string) (state.ObjectInfo, error) {
	b := o.b
	out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: &name})
	if isNotFound(err) && !isNoSuchBucket(err) {
		return state.ObjectInfo{}, fmt.Errorf("%w: %w", state.ErrObjectNotFound, err)
	}
	if err != nil {
		return state.ObjectInfo{}, err
	}
	return state.ObjectInfo{ID: objectID(out.ETag), Meta: out.Metadata}, nil
}

func (o objectStore) List(ctx context.Context, prefix string) ([]state.JournalObject, error) {
	b := o.b
	in := &s3.ListObjectsV2Input{Bucket: &b.bucket, Prefix: &prefix}
	var objs []state.JournalObject
	p := s3.NewListObjectsV2Paginator(b.s3, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range out.Contents {
			objs = append(objs, state.JournalObject{Name: aws.ToString(o.Key), ID: objectID(o.ETag)})
		}
	}
	return objs, nil
}

func (o objectStore) Get(ctx context.Context, name string) ([]byte, error) {
	b := o.b
	_, data, err := b.getBody(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: &name}, maxStateSize+1)
	return data, err
}

func (o objectStore) Copy(ctx context.Context, from, to string) error {
	b := o.b
	in := &s3.CopyObjectInput{
		Bucket:     &b.bucket,
		Key:        &to,
		CopySource: aws.String(b.bucket + "/" + url.PathEscape(from)),
	}
	in.ServerSideEncryption, in.SSEKMSKeyId, in.ACL = b.protection()
	_, err := b.s3.CopyObject(ctx, in)
	if isNotFound(err) && !isNoSuchBucket(err) {
		return fmt.Errorf("%w: %w", state.ErrObjectNotFound, err)
	}
	return err
}

// Delete deletes names, 1000 (S3's limit) per request.
func (o objectStore) Delete(ctx context.Context, names []string) error {
	b := o.b
	for len(names) > 0 {
		batch := names[:min(len(names), 1000)]
		names = names[len(batch):]
		objs := make([]types.ObjectIdentifier, len(batch))
		for i := range batch {
			objs[i] = types.ObjectIdentifier{Key: &batch[i]}
		}
		out, err := b.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: &b.bucket, Delete: &types.Delete{Objects: objs, Quiet: aws.Bool(true)}})
		if err != nil {
			return err
		}
		for _, e := range out.Errors {
			if aws.ToString(e.Code) != "NoSuchKey" {
				return fmt.Errorf("delete %s: %s: %s", aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message))
			}
		}
	}
	return nil
}

// objectID is an object's identity (state.JournalObject): its ETag
// without quotes.
func objectID(etag *string) string { return strings.Trim(aws.ToString(etag), `"`) }
