package google

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// providerBlock is the google provider's configuration block.
var providerBlock = &schema.Block{
	Description: "Google Cloud: project, region, credentials and endpoint overrides.",
	Attributes: map[string]*schema.Attribute{
		"project": {Type: cty.String, Optional: true,
			Description: "Default project of resources that set none. Falls back to GOOGLE_PROJECT, " +
				"GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT, CLOUDSDK_CORE_PROJECT, then the credentials' project."},
		"region": {Type: cty.String, Optional: true,
			Description: "Default region. Falls back to GOOGLE_REGION, GCLOUD_REGION, CLOUDSDK_COMPUTE_REGION."},
		"credentials": {Type: cty.String, Optional: true, Sensitive: true,
			Description: "Path to a credentials JSON file, or its contents. Falls back to GOOGLE_CREDENTIALS, " +
				"GOOGLE_CLOUD_KEYFILE_JSON, GCLOUD_KEYFILE_JSON, then Application Default Credentials."},
		"storage_custom_endpoint": {Type: cty.String, Optional: true,
			Description: "Cloud Storage JSON API base URL, e.g. https://storage.googleapis.com/storage/v1/. " +
				"A plain http:// URL is an emulator: no credentials are sent."},
		"pubsub_custom_endpoint": {Type: cty.String, Optional: true,
			Description: "Pub/Sub endpoint, e.g. https://pubsub.googleapis.com/v1/ (host and port are used: " +
				"the client speaks gRPC). A plain http:// URL is an emulator: no TLS, no credentials."},
	},
}
