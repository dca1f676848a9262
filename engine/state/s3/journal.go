package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/state"
)

// The journal (docs/state.md, "The journal"): each append is one object,
// KEY.journal/ETAG/SEQ (state.JournalObjectName), ETAG being the stored
// document's, created with If-None-Match: * so that two writers never
// both write append SEQ.

var _ state.Journaler = (*Backend)(nil)

// journalParallelism bounds the concurrent requests of a journal's
// objects (reading, deleting, moving aside).
const journalParallelism = 16

// AppendJournal stores entries as the next append of the journal relative
// to the document this Backend last read or wrote. It checks the document
// (a HEAD, concurrent with the PUT) and fails with an error wrapping
// state.ErrStale when it changed; an append refused because another
// client wrote that append fails the same way.
func (b *Backend) AppendJournal(ctx context.Context, entries []state.JournalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	data, err := state.EncodeJournalEntries(entries, b.cfg.Codec)
	if err != nil {
		return b.errorf("journal: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.seen.exists || b.seen.journalBroken {
		return state.ErrNoJournalBase
	}
	seq := uint64(len(b.seen.journal)) + 1
	key := state.JournalObjectName(b.key, state.JournalBase(b.seen.etag), seq)
	in := &s3.PutObjectInput{
		Bucket:      &b.bucket,
		Key:         &key,
		Body:        bytes.NewReader(data),
		ContentType: aws.String("application/x-ndjson"),
		IfNoneMatch: aws.String("*"),
	}
	b.encryption(&in.ServerSideEncryption)
	var (
		wg      sync.WaitGroup
		headTag string
		headErr error
	)
	wg.Go(func() {
		out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: &b.key})
		if err == nil {
			headTag = aws.ToString(out.ETag)
		}
		headErr = err
	})
	var out *s3.PutObjectOutput
	fault := b.failAppend
	b.failAppend = ""
	if fault != "lost" {
		out, err = b.s3.PutObject(ctx, in)
	}
	if fault != "" {
		err = errors.New("injected fault: connection reset")
	}
	wg.Wait()
	var id string
	if err == nil {
		id = objectID(out.ETag)
	}
	if isPreconditionFailed(err) {
		var landed bool
		if id, landed = b.journalLanded(ctx, key, data); !landed {
			return b.errorf("journal: append %d exists already (another client appended to the journal): %w", seq, state.ErrStale)
		}
		err = nil
	}
	if err != nil || id == "" {
		// It may have landed: only a whole write goes on, which
		// recognizes it by its bytes (checkJournal).
		b.seen.journalBroken = true
		b.seen.pending = &pendingAppend{seq: seq, data: data}
		if err == nil {
			return b.errorf("append to state journal: S3 returned no ETag for %s", key)
		}
		return b.wrap("append to state journal", err)
	}
	b.seen.journal = append(b.seen.journal, id)
	switch {
	case headErr == nil && headTag != b.seen.etag, isNotFound(headErr) && !isNoSuchBucket(headErr):
		return b.errorf("journal: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
	case headErr != nil:
		b.seen.journalBroken = true
		return b.wrap("append to state journal: check the state object", headErr)
	}
	return nil
}

// journalLanded reports whether the journal object key holds data, and
// its identity: a retried PUT whose first attempt landed fails its
// condition. With KMS encryption the ETag is not the MD5, and a landed
// append is reported as another client's.
func (b *Backend) journalLanded(ctx context.Context, key string, data []byte) (string, bool) {
	out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: &key})
	if err != nil {
		return "", false
	}
	sum := md5.Sum(data)
	return objectID(out.ETag), aws.ToString(out.ETag) == `"`+hex.EncodeToString(sum[:])+`"`
}

// objectID is a journal object's identity (state.JournalObject): its ETag
// without quotes.
func objectID(etag *string) string { return strings.Trim(aws.ToString(etag), `"`) }

// checkJournal lists the journal of the document this Backend read or
// wrote and fails with an error wrapping state.ErrStale unless it is
// exactly the appends this Backend read and appended, by name and ETag:
// a whole write by a client that missed an append (the document's ETag,
// its only condition, does not change with appends) would drop it. An
// append of this Backend that failed but landed (b.seen.pending) is
// recognized by its bytes and counted in. Called with b.mu held.
//
// An append landing between this LIST and the conditional PUT is not
// seen: the write goes on, and that append stays beside the new
// document; not one the new document folded (state.JournalFoldedMeta
// names the appends by ETag), so the next lock holder sets it aside with
// a warning, and its writer's next append or write is refused.
func (b *Backend) checkJournal(ctx context.Context) error {
	objs, err := b.listJournals(ctx)
	if err != nil {
		return b.wrap("write state: list the state journal", err)
	}
	base := state.JournalBase(b.seen.etag)
	var mine *state.ObjectJournal
	for _, j := range state.GroupJournalObjects(b.key, objs) {
		if j.Base == base {
			mine = j
		}
	}
	if mine.Is(b.seen.journal) {
		return nil
	}
	if name, id, ok := mine.Next(b.seen.journal); ok && b.seen.pending != nil && b.seen.pending.seq == uint64(len(b.seen.journal))+1 {
		data, err := b.readJournal(ctx, []string{name})
		if err != nil {
			return err
		}
		if bytes.Equal(data, b.seen.pending.data) {
			b.seen.journal = append(b.seen.journal, id)
			b.seen.pending = nil
			return nil
		}
	}
	n := 0
	if mine != nil {
		n = len(mine.Seqs)
	}
	return b.errorf("write state: the state journal changed since it was read (%d appends stored, %d read or appended here; another run appended to it): %w",
		n, len(b.seen.journal), state.ErrStale)
}

// encryption sets a request's server-side encryption as the backend's
// configuration says, for the state object and journal objects alike.
func (b *Backend) encryption(sse *types.ServerSideEncryption) {
	if b.cfg.Encrypt {
		*sse = types.ServerSideEncryptionAes256
	}
}

// listJournals lists every object under KEY.journal/, with its identity.
func (b *Backend) listJournals(ctx context.Context) ([]state.JournalObject, error) {
	in := &s3.ListObjectsV2Input{Bucket: &b.bucket, Prefix: aws.String(state.JournalObjectPrefix(b.key))}
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

// readJournal downloads the objects named, in order, concatenated.
func (b *Backend) readJournal(ctx context.Context, names []string) ([]byte, error) {
	parts := make([][]byte, len(names))
	err := forEach(ctx, len(names), func(ctx context.Context, i int) error {
		_, data, err := b.getBody(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: &names[i]}, maxStateSize+1)
		if err != nil {
			return b.wrap("read state journal "+names[i], err)
		}
		parts[i] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bytes.Join(parts, nil), nil
}

// replay applies j, the journal of the document s was read from, to s.
func (b *Backend) replay(ctx context.Context, s *state.State, j *state.ObjectJournal) error {
	where := "s3://" + b.bucket + "/" + state.JournalObjectPrefix(b.key) + j.Base + "/"
	if !j.Whole() {
		return b.errorf("the state journal %s is corrupt: its appends are not numbered 1 to %d (found %v)", where, len(j.Seqs), j.Seqs)
	}
	data, err := b.readJournal(ctx, j.Names)
	if err != nil {
		return err
	}
	entries, err := state.DecodeJournalEntries(data, b.cfg.Codec)
	if err != nil {
		return b.errorf("the state journal %s is corrupt: %w", where, err)
	}
	state.ReplayJournal(s, entries, s.Serial)
	return nil
}

// journalsRead is what readOnce found beside the document.
type journalsRead struct {
	// leftovers are journals the document folded in (JournalFoldedMeta),
	// whose removal was cut short.
	leftovers []*state.ObjectJournal
	// foreign are journals relative to another version than the stored
	// one, which the document may lack.
	foreign []*state.ObjectJournal
}

// settle deals with what read found beside the document: a client holding
// the lock removes folded leftovers and moves foreign journals aside,
// with a warning; one without leaves them, and warns of foreign ones.
// Called with b.mu held.
func (b *Backend) settle(ctx context.Context, s *state.State, found journalsRead) error {
	holder := b.lockID != ""
	if holder {
		for _, j := range found.leftovers {
			b.deleteObjects(ctx, j.Names)
		}
	}
	for _, j := range found.foreign {
		where := "s3://" + b.bucket + "/" + state.JournalObjectPrefix(b.key) + j.Base + "/"
		if !holder {
			state.NoticeJournalMismatch(ctx, fmt.Sprintf("%s (%d appends)", where, len(j.Names)), s, "")
			continue
		}
		asidePrefix := fmt.Sprintf("%s.journal-unreplayed-%s/%s/", b.key, time.Now().UTC().Format("20060102T150405.000000000Z"), j.Base)
		if err := b.moveAside(ctx, j.Names, asidePrefix); err != nil {
			return b.errorf("the state journal %s does not belong to the stored state, and moving it aside failed: %w", where, err)
		}
		state.NoticeJournalMismatch(ctx, fmt.Sprintf("%s (%d appends)", where, len(j.Names)), s, "s3://"+b.bucket+"/"+asidePrefix)
	}
	return nil
}

// moveAside copies the objects names to asidePrefix + their last path
// element, then deletes them.
func (b *Backend) moveAside(ctx context.Context, names []string, asidePrefix string) error {
	err := forEach(ctx, len(names), func(ctx context.Context, i int) error {
		in := &s3.CopyObjectInput{
			Bucket:     &b.bucket,
			Key:        aws.String(asidePrefix + names[i][strings.LastIndexByte(names[i], '/')+1:]),
			CopySource: aws.String(b.bucket + "/" + url.PathEscape(names[i])),
		}
		b.encryption(&in.ServerSideEncryption)
		_, err := b.s3.CopyObject(ctx, in)
		if isNotFound(err) && !isNoSuchBucket(err) {
			return nil // removed meanwhile
		}
		return err
	})
	if err != nil {
		return err
	}
	return b.deleteObjectsErr(ctx, names)
}

// deleteJournal removes the first n appends of the journal relative to
// the document whose ETag was etag, once a whole document is in place.
// Objects left behind (a failed delete) are folded leftovers the next
// lock holder's Read removes.
func (b *Backend) deleteJournal(ctx context.Context, etag string, n uint64) {
	names := make([]string, 0, n)
	base := state.JournalBase(etag)
	for seq := uint64(1); seq <= n; seq++ {
		names = append(names, state.JournalObjectName(b.key, base, seq))
	}
	b.deleteObjects(ctx, names)
}

// deleteObjects deletes names, logging a failure.
func (b *Backend) deleteObjects(ctx context.Context, names []string) {
	if err := b.deleteObjectsErr(ctx, names); err != nil {
		b.log.Warn("could not remove state journal objects; the next command holding the lock removes them", "error", err)
	}
}

// deleteObjectsErr deletes names, 1000 (S3's limit) per request.
func (b *Backend) deleteObjectsErr(ctx context.Context, names []string) error {
	for len(names) > 0 {
		batch := names[:min(len(names), 1000)]
		names = names[len(batch):]
		objs := make([]types.ObjectIdentifier, len(batch))
		for i := range batch {
			objs[i] = types.ObjectIdentifier{Key: &batch[i]}
		}
		out, err := b.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: &b.bucket, Delete: &types.Delete{Objects: objs, Quiet: aws.Bool(true)}})
		if err != nil {
			return b.wrap("delete state journal objects", err)
		}
		for _, e := range out.Errors {
			if aws.ToString(e.Code) != "NoSuchKey" {
				return b.errorf("delete state journal object %s: %s: %s", aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message))
			}
		}
	}
	return nil
}

// forEach calls fn for 0..n-1, journalParallelism at a time, and returns
// the first error (errgroup cancels the others' ctx).
func forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(journalParallelism)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}
