package encryption

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/awsretry"
)

// kmsAPI is the part of the KMS client the aws_kms key provider uses.
type kmsAPI interface {
	GenerateDataKey(ctx context.Context, in *kms.GenerateDataKeyInput, opts ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, opts ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

var _ kmsAPI = (*kms.Client)(nil)

// defaultKMSRetries is how often a failed KMS request is retried when
// max_retries is not set.
const defaultKMSRetries = 5

// kmsCallTimeout bounds each KMS request.
const kmsCallTimeout = time.Minute

// awsKMSProvider makes data keys with KMS GenerateDataKey and unwraps
// them with Decrypt, as OpenTofu's aws_kms key provider does.
type awsKMSProvider struct {
	keyID   string
	keySpec types.DataKeySpec
	context map[string]string

	region, profile, accessKey, secretKey, token, endpoint string
	maxRetries                                             int

	client kmsAPI
}

// awsKMSMeta is the metadata stored with the encrypted data, OpenTofu's.
type awsKMSMeta struct {
	CiphertextBlob    []byte            `json:"ciphertext_blob"`
	EncryptionContext map[string]string `json:"encryption_context,omitempty"`
}

var awsKMSSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "kms_key_id", Required: true}, {Name: "key_spec", Required: true},
		{Name: "encryption_context"}, {Name: "region"}, {Name: "profile"},
		{Name: "access_key"}, {Name: "secret_key"}, {Name: "token"}, {Name: "max_retries"},
		// Accepted for compatibility with OpenTofu's S3-style options;
		// the SDK's defaults apply.
		{Name: "skip_credentials_validation"}, {Name: "skip_requesting_account_id"},
		{Name: "skip_metadata_api_check"}, {Name: "sts_region"}, {Name: "retry_mode"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "endpoints"}},
}

func decodeAWSKMS(body hcl.Body, evalCtx *hcl.EvalContext) (keyProvider, hcl.Diagnostics) {
	p := &awsKMSProvider{}
	content, diags := body.Content(awsKMSSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	strs := map[string]*string{"kms_key_id": &p.keyID, "region": &p.region, "profile": &p.profile,
		"access_key": &p.accessKey, "secret_key": &p.secretKey, "token": &p.token}
	for name, into := range strs {
		if attr, ok := content.Attributes[name]; ok {
			diags = append(diags, decodeAttr(attr, evalCtx, cty.String, func(v cty.Value) { *into = v.AsString() })...)
		}
	}
	if attr, ok := content.Attributes["key_spec"]; ok {
		d := decodeAttr(attr, evalCtx, cty.String, func(v cty.Value) { p.keySpec = types.DataKeySpec(v.AsString()) })
		diags = append(diags, d...)
		if !d.HasErrors() && !validKeySpec(p.keySpec) {
			diags = append(diags, attrError(attr, "Invalid key_spec", fmt.Sprintf("key_spec %q is not one of %v.", p.keySpec, p.keySpec.Values())))
		}
	}
	if attr, ok := content.Attributes["encryption_context"]; ok {
		diags = append(diags, decodeAttr(attr, evalCtx, cty.Map(cty.String), func(v cty.Value) {
			p.context = map[string]string{}
			for k, e := range v.AsValueMap() {
				p.context[k] = e.AsString()
			}
		})...)
	}
	if attr, ok := content.Attributes["max_retries"]; ok {
		diags = append(diags, decodeAttr(attr, evalCtx, cty.Number, func(v cty.Value) {
			i, _ := v.AsBigFloat().Int64()
			p.maxRetries = int(i)
		})...)
	}
	for _, b := range content.Blocks {
		attrs, d := b.Body.JustAttributes()
		diags = append(diags, d...)
		if attr, ok := attrs["kms"]; ok {
			diags = append(diags, decodeAttr(attr, evalCtx, cty.String, func(v cty.Value) { p.endpoint = v.AsString() })...)
		}
	}
	return p, diags
}

func validKeySpec(s types.DataKeySpec) bool {
	for _, v := range s.Values() {
		if v == s {
			return true
		}
	}
	return false
}

// kms returns the client, made on first use: the SDK's configuration
// chain (environment, profile, AWS_ENDPOINT_URL_KMS) with the block's
// settings over it.
func (p *awsKMSProvider) kms(ctx context.Context) (kmsAPI, error) {
	if p.client != nil {
		return p.client, nil
	}
	var opts []func(*awsconfig.LoadOptions) error
	if p.region != "" {
		opts = append(opts, awsconfig.WithRegion(p.region))
	}
	if p.profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(p.profile))
	}
	if p.accessKey != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(p.accessKey, p.secretKey, p.token)))
	}
	// The SDK's standard retryer decides what to retry, internal/retry
	// how long to wait (at least Retry-After; docs/retry.md).
	retries := p.maxRetries
	if retries <= 0 {
		retries = defaultKMSRetries
	}
	opts = append(opts, awsconfig.WithRetryer(func() aws.Retryer { return awsretry.New(retries, awsretry.Policy) }))
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New(`no region: set "region" or AWS_REGION`)
	}
	p.client = kms.NewFromConfig(cfg, func(o *kms.Options) {
		if p.endpoint != "" {
			o.BaseEndpoint = aws.String(p.endpoint)
		}
	})
	return p.client, nil
}

func (p *awsKMSProvider) encryptionKey(ctx context.Context) ([]byte, any, error) {
	ctx, cancel := context.WithTimeout(ctx, kmsCallTimeout)
	defer cancel()
	c, err := p.kms(ctx)
	if err != nil {
		return nil, nil, err
	}
	out, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(p.keyID), KeySpec: p.keySpec, EncryptionContext: p.context})
	if err != nil {
		return nil, nil, fmt.Errorf("generating a data key with KMS key %q: %s", p.keyID, kmsError(err))
	}
	return out.Plaintext, &awsKMSMeta{CiphertextBlob: out.CiphertextBlob, EncryptionContext: p.context}, nil
}

func (p *awsKMSProvider) decryptionKey(ctx context.Context, raw json.RawMessage) ([]byte, error) {
	var meta awsKMSMeta
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("invalid aws_kms metadata: %w", err)
	}
	if len(meta.CiphertextBlob) == 0 {
		return nil, errors.New("invalid aws_kms metadata: no ciphertext_blob")
	}
	ctx, cancel := context.WithTimeout(ctx, kmsCallTimeout)
	defer cancel()
	c, err := p.kms(ctx)
	if err != nil {
		return nil, err
	}
	out, err := c.Decrypt(ctx, &kms.DecryptInput{KeyId: aws.String(p.keyID), CiphertextBlob: meta.CiphertextBlob, EncryptionContext: meta.EncryptionContext})
	if err != nil {
		return nil, fmt.Errorf("unwrapping the data key with KMS key %q: %s", p.keyID, kmsError(err))
	}
	return out.Plaintext, nil
}

// kmsError is the API's error code and message, without the SDK's
// request dump.
func kmsError(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode() + ": " + apiErr.ErrorMessage()
	}
	return err.Error()
}
