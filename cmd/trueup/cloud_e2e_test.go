package main

// End-to-end tests of examples/aws and examples/gcp: the trueup binary
// applies each example against the emulators; the independent aws and
// gcloud clients check the result, change things behind trueup's back,
// and check again after trueup put them right.

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// awsExamplePassword is the value of the example's sensitive variable; it
// must reach SSM and nothing trueup prints.
const awsExamplePassword = "e2e-Pa55word-never-printed"

func TestAWSExampleAppliesRepairsDriftAndDestroysAgainstMoto(t *testing.T) {
	t.Parallel()
	requireTools(t, "moto_server", "aws")
	endpoint := startMoto(t)
	aws := awsCLI(t, endpoint)
	s := copyStack(t, "examples/aws")
	s.setenv("AWS_ACCESS_KEY_ID", "testing")
	s.setenv("AWS_SECRET_ACCESS_KEY", "testing")
	s.setenv("AWS_REGION", "us-east-1")
	s.setenv("AWS_ENDPOINT_URL", endpoint)
	s.setenv("TF_VAR_db_password", awsExamplePassword)
	quiet := func(r result) result {
		t.Helper()
		if strings.Contains(r.output(), awsExamplePassword) {
			t.Fatalf("the sensitive db_password reached trueup's output:\n%s", r)
		}
		return r
	}

	quiet(s.must(0, "apply", "-auto-approve", "-input=false", "-no-color"))
	out := s.outputs()
	bucket, queueURL := out["site_bucket"].(string), out["orders_queue_url"].(string)
	checkAWSExample(t, aws, out)

	t.Log("apply then plan is a no-op")
	quiet(s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color"))

	t.Log("a tag and a queue attribute changed with the aws CLI are drift that apply repairs")
	aws.run("s3api", "put-bucket-tagging", "--bucket", bucket, "--tagging",
		`{"TagSet":[{"Key":"purpose","Value":"hijacked"},{"Key":"project","Value":"trueup-example"},`+
			`{"Key":"environment","Value":"dev"},{"Key":"managed_by","Value":"trueup"}]}`)
	// moto 5.2.1 also drops the queue's Policy on any SetQueueAttributes,
	// so the plan puts the policy back too.
	aws.run("sqs", "set-queue-attributes", "--queue-url", queueURL, "--attributes", "VisibilityTimeout=5")
	r := quiet(s.must(2, "plan", "-detailed-exitcode", "-input=false", "-no-color"))
	wantContains(t, r, "aws_s3_bucket.site will be updated in-place", `"purpose" = "hijacked" -> "website"`,
		"aws_sqs_queue.orders will be updated in-place", "visibility_timeout_seconds")
	quiet(s.must(0, "apply", "-auto-approve", "-input=false", "-no-color"))
	if got := bucketTags(t, aws, bucket)["purpose"]; got != "website" {
		t.Errorf("after apply, tag purpose = %q, want website", got)
	}
	if got := queueAttributes(t, aws, queueURL)["VisibilityTimeout"]; got != "60" {
		t.Errorf("after apply, VisibilityTimeout = %q, want 60", got)
	}
	// The endpoint variable wins over AWS_ENDPOINT_URL (here a dead port).
	s.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
	quiet(s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", "aws_endpoint="+endpoint))
	s.setenv("AWS_ENDPOINT_URL", endpoint)

	t.Log("destroy leaves nothing")
	quiet(s.must(0, "destroy", "-auto-approve", "-input=false", "-no-color"))
	checkAWSEmpty(t, aws, out)
}

// checkAWSExample checks every part of examples/aws with the aws CLI.
func checkAWSExample(t *testing.T, aws cliTool, out map[string]any) {
	t.Helper()
	bucket := out["site_bucket"].(string)
	var versioning struct{ Status string }
	aws.json(&versioning, "s3api", "get-bucket-versioning", "--bucket", bucket)
	if versioning.Status != "Enabled" {
		t.Errorf("bucket versioning = %q, want Enabled", versioning.Status)
	}
	sse := aws.run("s3api", "get-bucket-encryption", "--bucket", bucket)
	wantText(t, "bucket encryption", sse, `"SSEAlgorithm": "AES256"`)
	var pab struct{ PublicAccessBlockConfiguration map[string]bool }
	aws.json(&pab, "s3api", "get-public-access-block", "--bucket", bucket)
	if c := pab.PublicAccessBlockConfiguration; !c["BlockPublicAcls"] || !c["IgnorePublicAcls"] || c["BlockPublicPolicy"] || c["RestrictPublicBuckets"] {
		t.Errorf("public access block = %v, want ACLs blocked and public policies allowed", c)
	}
	var policy struct{ Policy string }
	aws.json(&policy, "s3api", "get-bucket-policy", "--bucket", bucket)
	wantText(t, "bucket policy", policy.Policy, `"PublicRead"`, `"s3:GetObject"`, `arn:aws:s3:::`+bucket+`/*`)
	tags := bucketTags(t, aws, bucket)
	for k, v := range map[string]string{"purpose": "website", "project": "trueup-example", "environment": "dev", "managed_by": "trueup"} {
		if tags[k] != v {
			t.Errorf("bucket tag %s = %q, want %q (tags %v)", k, tags[k], v, tags)
		}
	}
	page := filepath.Join(t.TempDir(), "index.html")
	var head struct{ ContentType string }
	aws.json(&head, "s3api", "get-object", "--bucket", bucket, "--key", "index.html", page)
	if b, err := os.ReadFile(page); err != nil || !strings.Contains(string(b), "Hello from trueup-example") || head.ContentType != "text/html; charset=utf-8" {
		t.Errorf("index.html = %q (%v), content type %q", b, err, head.ContentType)
	}

	queue := queueAttributes(t, aws, out["orders_queue_url"].(string))
	if queue["VisibilityTimeout"] != "60" || queue["ReceiveMessageWaitTimeSeconds"] != "10" {
		t.Errorf("queue attributes = %v, want VisibilityTimeout 60 and ReceiveMessageWaitTimeSeconds 10", queue)
	}
	var redrive struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(queue["RedrivePolicy"]), &redrive); err != nil ||
		redrive.DeadLetterTargetArn != out["orders_dlq_arn"] || fmt.Sprint(redrive.MaxReceiveCount) != "5" {
		t.Errorf("redrive policy = %q, want the dead-letter queue %v after 5 receives", queue["RedrivePolicy"], out["orders_dlq_arn"])
	}
	wantText(t, "queue policy", queue["Policy"], `"sns.amazonaws.com"`, `"sqs:SendMessage"`, out["orders_topic_arn"].(string))
	var subs struct {
		Subscriptions []struct{ Protocol, Endpoint string }
	}
	aws.json(&subs, "sns", "list-subscriptions-by-topic", "--topic-arn", out["orders_topic_arn"].(string))
	if len(subs.Subscriptions) != 1 || subs.Subscriptions[0].Protocol != "sqs" || subs.Subscriptions[0].Endpoint != queue["QueueArn"] {
		t.Errorf("topic subscriptions = %+v, want one sqs subscription of %s", subs.Subscriptions, queue["QueueArn"])
	}

	var attached struct{ AttachedPolicies []struct{ PolicyName string } }
	aws.json(&attached, "iam", "list-attached-role-policies", "--role-name", "trueup-example-worker")
	if len(attached.AttachedPolicies) != 1 || attached.AttachedPolicies[0].PolicyName != "trueup-example-worker" {
		t.Errorf("policies attached to the role = %+v, want trueup-example-worker", attached.AttachedPolicies)
	}
	trust := aws.run("iam", "get-role", "--role-name", "trueup-example-worker")
	wantText(t, "role", trust, "ecs-tasks.amazonaws.com", "sts:AssumeRole")

	vpc := out["vpc_id"].(string)
	var subnets struct {
		Subnets []struct{ CidrBlock, AvailabilityZone string }
	}
	aws.json(&subnets, "ec2", "describe-subnets", "--filters", "Name=vpc-id,Values="+vpc)
	var cidrs, zones []string
	for _, sn := range subnets.Subnets {
		cidrs, zones = append(cidrs, sn.CidrBlock), append(zones, sn.AvailabilityZone)
	}
	slices.Sort(cidrs)
	if !slices.Equal(cidrs, []string{"10.20.0.0/24", "10.20.1.0/24"}) || len(slices.Compact(slices.Sorted(slices.Values(zones)))) != 2 {
		t.Errorf("subnets of %s: cidrs %v in zones %v, want 10.20.0.0/24 and 10.20.1.0/24 in two zones", vpc, cidrs, zones)
	}
	var rules struct {
		SecurityGroupRules []struct {
			IsEgress         bool
			IpProtocol       string
			FromPort, ToPort int
			CidrIpv4         string
		}
	}
	aws.json(&rules, "ec2", "describe-security-group-rules", "--filters", "Name=group-id,Values="+out["security_group_id"].(string))
	var got []string
	for _, r := range rules.SecurityGroupRules {
		dir := "ingress"
		if r.IsEgress {
			dir = "egress"
		}
		got = append(got, fmt.Sprintf("%s %s %d-%d %s", dir, r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4))
	}
	slices.Sort(got)
	if want := []string{"egress -1 -1--1 0.0.0.0/0", "ingress tcp 443-443 0.0.0.0/0"}; !slices.Equal(got, want) {
		t.Errorf("security group rules = %v, want %v", got, want)
	}

	var param struct{ Parameter struct{ Type, Value string } }
	aws.json(&param, "ssm", "get-parameter", "--with-decryption", "--name", out["db_password_parameter"].(string))
	if param.Parameter.Type != "SecureString" || param.Parameter.Value != awsExamplePassword {
		t.Errorf("SSM parameter is a %s holding a different value, want the SecureString of TF_VAR_db_password", param.Parameter.Type)
	}
}

// checkAWSEmpty checks with the aws CLI that nothing of the example is left.
func checkAWSEmpty(t *testing.T, aws cliTool, out map[string]any) {
	t.Helper()
	lists := []struct{ what, query string }{
		{"buckets", "s3api list-buckets --query Buckets[].Name"},
		{"queues", "sqs list-queues --query QueueUrls"},
		{"topics", "sns list-topics --query Topics[].TopicArn"},
		{"subscriptions", "sns list-subscriptions --query Subscriptions[].SubscriptionArn"},
		{"roles", "iam list-roles --query Roles[].RoleName"},
		{"customer managed policies", "iam list-policies --scope Local --query Policies[].PolicyName"},
		{"non-default VPCs", "ec2 describe-vpcs --filters Name=is-default,Values=false --query Vpcs[].VpcId"},
		{"subnets of the VPC", "ec2 describe-subnets --filters Name=vpc-id,Values=" + out["vpc_id"].(string) + " --query Subnets[].SubnetId"},
		{"security groups but default", "ec2 describe-security-groups --query SecurityGroups[?GroupName!='default'].GroupId"},
		{"SSM parameters", "ssm describe-parameters --query Parameters[].Name"},
	}
	for _, l := range lists {
		var left []string
		aws.json(&left, strings.Fields(l.query)...)
		if len(left) > 0 {
			t.Errorf("after destroy, %s are left: %v", l.what, left)
		}
	}
}

func bucketTags(t *testing.T, aws cliTool, bucket string) map[string]string {
	t.Helper()
	var tagging struct{ TagSet []struct{ Key, Value string } }
	aws.json(&tagging, "s3api", "get-bucket-tagging", "--bucket", bucket)
	tags := map[string]string{}
	for _, kv := range tagging.TagSet {
		tags[kv.Key] = kv.Value
	}
	return tags
}

func queueAttributes(t *testing.T, aws cliTool, url string) map[string]string {
	t.Helper()
	var attrs struct{ Attributes map[string]string }
	aws.json(&attrs, "sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All")
	return attrs.Attributes
}

// gcpExampleProject is the project the example defaults to.
const gcpExampleProject = "trueup-example"

// TestGCPExampleAppliesRepairsDriftAndDestroysAgainstEmulators runs
// examples/gcp against fake-gcs-server and the Pub/Sub emulator. Bucket
// labels can't be changed out of band here: fake-gcs-server does not
// store them (startGCS keeps what trueup wrote, only so that plans after
// an apply are no-ops), and the Pub/Sub emulator refuses label updates.
// The drift shown is what the emulators really store: the bucket's
// versioning, an object's content, and a subscription's ack deadline.
func TestGCPExampleAppliesRepairsDriftAndDestroysAgainstEmulators(t *testing.T) {
	t.Parallel()
	requireTools(t, "gcloud", "java")
	pubsubHost := startPubsubEmulator(t)
	storageHost := startGCS(t)
	gcloud := gcloudCLI(t, storageHost, pubsubHost, gcpExampleProject)
	s := copyStack(t, "examples/gcp")
	s.setenv("STORAGE_EMULATOR_HOST", storageHost)
	s.setenv("PUBSUB_EMULATOR_HOST", pubsubHost)
	for _, name := range []string{"GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"} {
		s.setenv(name, "")
	}

	s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
	bucket := "gs://trueup-example-assets"
	checkGCPExample(t, gcloud, s, bucket)

	t.Log("apply then plan is a no-op")
	s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color")

	t.Log("versioning, an object and an ack deadline changed with gcloud are drift that apply repairs")
	gcloud.run("storage", "buckets", "update", bucket, "--no-versioning")
	tampered := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(tampered, []byte("<h1>defaced</h1>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gcloud.run("storage", "cp", tampered, bucket+"/index.html")
	gcloud.run("pubsub", "subscriptions", "update", "trueup-example-thumbnails", "--ack-deadline=99")
	r := s.must(2, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantContains(t, r, "google_storage_bucket.assets will be updated in-place", "versioning",
		"google_storage_bucket_object.index must be replaced", "md5hash",
		"google_pubsub_subscription.thumbnails will be updated in-place", "ack_deadline_seconds = 99 -> 30")
	s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
	if !bucketVersioning(t, gcloud, bucket) {
		t.Error("after apply, the bucket's versioning is still off")
	}
	if got := gcloud.run("storage", "cat", bucket+"/index.html"); !strings.Contains(got, "Hello from trueup-example") {
		t.Errorf("after apply, index.html = %q, want the example's page", got)
	}
	if got := subscription(t, gcloud).AckDeadlineSeconds; got != 30 {
		t.Errorf("after apply, ackDeadlineSeconds = %d, want 30", got)
	}
	s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color")

	t.Log("destroy leaves nothing")
	s.must(0, "destroy", "-auto-approve", "-input=false", "-no-color")
	var buckets, topics, subs []map[string]any
	gcloud.json(&buckets, "storage", "buckets", "list", "--format=json")
	gcloud.json(&topics, "pubsub", "topics", "list", "--format=json")
	gcloud.json(&subs, "pubsub", "subscriptions", "list", "--format=json")
	if len(buckets)+len(topics)+len(subs) > 0 {
		t.Errorf("after destroy, left: buckets %v, topics %v, subscriptions %v", buckets, topics, subs)
	}
}

// checkGCPExample checks every part of examples/gcp with gcloud.
func checkGCPExample(t *testing.T, gcloud cliTool, s *stack, bucket string) {
	t.Helper()
	var desc struct {
		Location          string `json:"location"`
		StorageClass      string `json:"default_storage_class"`
		VersioningEnabled bool   `json:"versioning_enabled"`
	}
	gcloud.json(&desc, "storage", "buckets", "describe", bucket, "--format=json")
	if !strings.EqualFold(desc.Location, "US-CENTRAL1") || desc.StorageClass != "STANDARD" || !desc.VersioningEnabled {
		t.Errorf("bucket = %+v, want a versioned STANDARD bucket in US-CENTRAL1", desc)
	}
	if got := gcloud.run("storage", "cat", bucket+"/index.html"); !strings.Contains(got, "<h1>Hello from trueup-example</h1>") {
		t.Errorf("index.html = %q, want the example's page", got)
	}
	logo, err := os.ReadFile(s.path("files/logo.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if got := gcloud.run("storage", "cat", bucket+"/img/logo.svg"); got != string(logo) {
		t.Errorf("img/logo.svg = %q, want the content of files/logo.svg", got)
	}
	var objects []struct {
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
	}
	gcloud.json(&objects, "storage", "objects", "list", bucket+"/**", "--format=json")
	types := map[string]string{}
	for _, o := range objects {
		types[o.Name] = o.ContentType
	}
	if want := map[string]string{"index.html": "text/html; charset=utf-8", "img/logo.svg": "image/svg+xml"}; !maps.Equal(types, want) {
		t.Errorf("objects and content types = %v, want %v", types, want)
	}

	var topics []struct{ Name string }
	gcloud.json(&topics, "pubsub", "topics", "list", "--format=json")
	var names []string
	for _, tp := range topics {
		names = append(names, tp.Name)
	}
	slices.Sort(names)
	prefix := "projects/" + gcpExampleProject + "/topics/"
	if want := []string{prefix + "trueup-example-uploads", prefix + "trueup-example-uploads-dead-letter"}; !slices.Equal(names, want) {
		t.Errorf("topics = %v, want %v", names, want)
	}
	sub := subscription(t, gcloud)
	if sub.Topic != prefix+"trueup-example-uploads" || sub.AckDeadlineSeconds != 30 || sub.MessageRetentionDuration != "604800s" ||
		sub.DeadLetterPolicy.DeadLetterTopic != prefix+"trueup-example-uploads-dead-letter" || sub.DeadLetterPolicy.MaxDeliveryAttempts != 5 ||
		sub.RetryPolicy.MinimumBackoff != "10s" || sub.RetryPolicy.MaximumBackoff != "300s" || sub.Labels["managed_by"] != "trueup" {
		t.Errorf("subscription = %+v, want the example's settings", sub)
	}
}

// pubsubSubscription is what gcloud describes of a subscription.
type pubsubSubscription struct {
	Topic                    string            `json:"topic"`
	AckDeadlineSeconds       int               `json:"ackDeadlineSeconds"`
	MessageRetentionDuration string            `json:"messageRetentionDuration"`
	Labels                   map[string]string `json:"labels"`
	DeadLetterPolicy         struct {
		DeadLetterTopic     string `json:"deadLetterTopic"`
		MaxDeliveryAttempts int    `json:"maxDeliveryAttempts"`
	} `json:"deadLetterPolicy"`
	RetryPolicy struct {
		MinimumBackoff string `json:"minimumBackoff"`
		MaximumBackoff string `json:"maximumBackoff"`
	} `json:"retryPolicy"`
}

func subscription(t *testing.T, gcloud cliTool) pubsubSubscription {
	t.Helper()
	var sub pubsubSubscription
	gcloud.json(&sub, "pubsub", "subscriptions", "describe", "trueup-example-thumbnails", "--format=json")
	return sub
}

func bucketVersioning(t *testing.T, gcloud cliTool, bucket string) bool {
	t.Helper()
	var desc struct {
		VersioningEnabled bool `json:"versioning_enabled"`
	}
	gcloud.json(&desc, "storage", "buckets", "describe", bucket, "--format=json")
	return desc.VersioningEnabled
}
