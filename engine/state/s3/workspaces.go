package s3

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
)

// Store is the s3 backend as a whole, with Terraform's layout: the default
// workspace's state at KEY, another workspace's at PREFIX/NAME/KEY
// (PREFIX is workspace_key_prefix, "env:" by default), each with its lock
// object beside it (KEY.tflock) and its own DynamoDB item (LockID
// BUCKET/KEY). A workspace exists when its state object does. Its
// Backends share one S3 (and DynamoDB) client.
type Store struct {
	cfg Config
	log hclog.Logger
	s3  s3API
	db  dynamoAPI // nil without dynamodb_table
}

var _ state.Store = (*Store)(nil)

// NewStore configures the backend for every workspace, as New does for
// one: it loads the SDK configuration and resolves credentials, and sends
// no request to S3.
func NewStore(ctx context.Context, cfg Config, log hclog.Logger) (*Store, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	named := &Backend{bucket: cfg.Bucket, key: cfg.StateKey()}
	if err := cfg.Validate(); err != nil {
		return nil, named.errorf("configuration: %w", err)
	}
	st := &Store{cfg: cfg, log: log.Named("s3")}
	awsCfg, err := loadAWSConfig(ctx, cfg, st.log)
	if err != nil {
		return nil, named.errorf("configuration: %w", err)
	}
	st.s3 = newS3Client(awsCfg, cfg)
	if cfg.DynamoDBTable != "" {
		st.db = newDynamoClient(awsCfg, cfg)
	}
	return st, nil
}

// backend returns a client on the workspace's state.
func (s *Store) backend(workspace string) *Backend {
	cfg := s.cfg
	cfg.Workspace = workspace
	b := &Backend{cfg: cfg, log: s.log, s3: s.s3, bucket: cfg.Bucket, key: cfg.StateKey()}
	b.journal = b.newJournal()
	b.LockedJournal = state.LockJournal(&b.mu, &b.journal)
	if cfg.UseLockfile || cfg.DynamoDBTable == "" {
		b.locks = append(b.locks, &fileLock{b: b, key: b.key + ".tflock"})
	}
	if cfg.DynamoDBTable != "" {
		b.locks = append(b.locks, &tableLock{b: b, db: s.db, table: cfg.DynamoDBTable, lockID: b.bucket + "/" + b.key})
	}
	return b
}

// String names the bucket, the key and the workspace key prefix.
func (s *Store) String() string {
	return "s3 backend " + `"s3://` + s.cfg.Bucket + "/" + s.cfg.Key + `" (workspaces under "` + s.prefix() + `/")`
}

func (s *Store) prefix() string {
	if s.cfg.WorkspaceKeyPrefix == "" {
		return DefaultWorkspaceKeyPrefix
	}
	return strings.TrimSuffix(s.cfg.WorkspaceKeyPrefix, "/")
}

// Workspace returns a client on the named workspace's state.
func (s *Store) Workspace(name string) (state.Backend, error) {
	if err := state.ValidateWorkspaceName(name); err != nil {
		return nil, err
	}
	return s.backend(name), nil
}

// Workspaces lists "default" and every NAME for which PREFIX/NAME/KEY
// exists, as Terraform's s3 backend lists them: objects under the prefix
// with another key name are not workspaces.
func (s *Store) Workspaces(ctx context.Context) ([]string, error) {
	prefix := s.prefix() + "/"
	in := &s3.ListObjectsV2Input{Bucket: aws.String(s.cfg.Bucket), Prefix: aws.String(prefix)}
	var names []string
	p := s3.NewListObjectsV2Paginator(s.s3, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, s.backend(state.DefaultWorkspace).wrap("list workspaces", err)
		}
		for _, obj := range out.Contents {
			name, rest, ok := strings.Cut(strings.TrimPrefix(aws.ToString(obj.Key), prefix), "/")
			if ok && rest == s.cfg.Key && state.ValidateWorkspaceName(name) == nil {
				names = append(names, name)
			}
		}
	}
	return state.SortWorkspaces(names), nil
}

// CreateWorkspace writes an empty state at PREFIX/NAME/KEY unless one is
// there, so that the workspace is listed (Terraform does the same).
func (s *Store) CreateWorkspace(ctx context.Context, name string) error {
	if create, err := state.CheckCreate(name); !create {
		return err
	}
	return state.CreateEmpty(ctx, s.backend(name))
}

// DeleteWorkspace deletes the workspace's state object, its backup object,
// its journal (KEY.journal/...) and, with a lock table, Terraform's state digest item (LockID
// BUCKET/KEY-md5). In a versioned bucket the earlier versions stay.
func (s *Store) DeleteWorkspace(ctx context.Context, name string) error {
	if err := state.CheckDelete(name); err != nil {
		return err
	}
	b := s.backend(name)
	if err := b.journal.RemoveAll(ctx); err != nil {
		return err
	}
	for _, key := range []string{b.key, b.key + backupSuffix} {
		if _, err := s.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key)}); err != nil && !isNotFound(err) {
			return b.wrap("delete workspace", err)
		}
	}
	if s.db != nil {
		digest := map[string]types.AttributeValue{"LockID": &types.AttributeValueMemberS{Value: b.bucket + "/" + b.key + "-md5"}}
		if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.cfg.DynamoDBTable), Key: digest}); err != nil {
			return b.wrap("delete workspace digest", err)
		}
	}
	return nil
}
