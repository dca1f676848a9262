package s3_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// stores returns a statetest.NewStore on a fresh bucket per subtest.
func stores(endpoint string, cfg func(t *testing.T, c *s3backend.Config)) statetest.NewStore {
	return func(t *testing.T) func() state.Store {
		bucket := newBucket(t, rawS3(t, endpoint), false)
		c := config(endpoint, bucket, "stacks/app/terraform.tfstate")
		if cfg != nil {
			cfg(t, &c)
		}
		return func() state.Store { return mustNewStore(t, c) }
	}
}

func mustNewStore(t *testing.T, cfg s3backend.Config) *s3backend.Store {
	t.Helper()
	s, err := s3backend.NewStore(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("configure s3 backend: %v", err)
	}
	return s
}

func TestWorkspacesConformanceLockFile(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunWorkspaces(t, stores(sb.S3URL(), nil))
}

func TestWorkspacesConformanceCustomKeyPrefix(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunWorkspaces(t, stores(sb.S3URL(), func(t *testing.T, c *s3backend.Config) { c.WorkspaceKeyPrefix = "workspaces/app" }))
}

func TestWorkspacesConformanceDynamoDBLockTable(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	statetest.RunWorkspaces(t, stores(sb.S3URL(), func(t *testing.T, c *s3backend.Config) {
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}))
}

// listKeys returns every object key in the bucket, sorted.
func listKeys(t *testing.T, c *awss3.Client, bucket string) []string {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &awss3.ListObjectsV2Input{Bucket: &bucket})
	if err != nil {
		t.Fatalf("list %s: %v", bucket, err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	slices.Sort(keys)
	return keys
}

// The objects and lock items are where Terraform's s3 backend puts them,
// so that Terraform and trueup share a bucket: KEY and env:/NAME/KEY, the
// lock object beside each state, the DynamoDB LockID BUCKET/env:/NAME/KEY.
func TestWorkspaceObjectsFollowTerraformsLayout(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	raw := rawS3(t, sb.S3URL())
	bucket := newBucket(t, raw, true)
	cfg := config(sb.S3URL(), bucket, "app/terraform.tfstate")
	cfg.UseLockfile = true
	cfg.DynamoDBTable = newLockTable(t, url)
	cfg.EndpointDynamoDB = url
	st := mustNewStore(t, cfg)
	ctx := context.Background()
	if err := st.CreateWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	// Objects under the prefix that are not KEY are not workspaces.
	for _, key := range []string{"env:/other/x.tfstate", "env:/deep/er/app/terraform.tfstate", "env:/notes.txt"} {
		if _, err := raw.PutObject(ctx, &awss3.PutObjectInput{Bucket: &bucket, Key: aws.String(key)}); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := st.Workspace("staging")
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := b.Lock(ctx, state.NewLockInfo("OperationTypeApply"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"env:/deep/er/app/terraform.tfstate", "env:/notes.txt", "env:/other/x.tfstate",
		"env:/staging/app/terraform.tfstate", "env:/staging/app/terraform.tfstate.tflock"}
	if got := listKeys(t, raw, bucket); !slices.Equal(got, want) {
		t.Errorf("objects = %q\nwant      %q", got, want)
	}
	db := dynamodb.NewFromConfig(awsConfig(t), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(url) })
	item, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &cfg.DynamoDBTable, ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{"LockID": &ddbtypes.AttributeValueMemberS{Value: bucket + "/env:/staging/app/terraform.tfstate"}}})
	if err != nil || item.Item == nil {
		t.Errorf("no DynamoDB lock item %s/env:/staging/app/terraform.tfstate: %v", bucket, err)
	}
	if got, _ := st.Workspaces(ctx); !slices.Equal(got, []string{"default", "staging"}) {
		t.Errorf("Workspaces = %q, want [default staging]", got)
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	want = []string{"env:/deep/er/app/terraform.tfstate", "env:/notes.txt", "env:/other/x.tfstate"}
	if got := listKeys(t, raw, bucket); !slices.Equal(got, want) {
		t.Errorf("after delete, objects = %q\nwant                %q", got, want)
	}
}
