package google

import (
	"context"
	"time"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// topicBlock is google_pubsub_topic's schema.
var topicBlock = func() *schema.Block {
	attrs := map[string]*schema.Attribute{
		"id": {Type: cty.String, Computed: true, Description: "projects/{{project}}/topics/{{name}}."},
		"name": {Type: cty.String, Required: true, ForceNew: true,
			Description: "The topic name (or its full projects/.../topics/... path)."},
		"project": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The topic's project; the provider's project when unset."},
		"message_retention_duration": {Type: cty.String, Optional: true,
			Description: "How long published messages are kept, e.g. \"86400s\" (10 minutes to 31 days)."},
	}
	for name, a := range labelAttributes() {
		attrs[name] = a
	}
	return &schema.Block{
		Description: "A Pub/Sub topic. Import ID: projects/{{project}}/topics/{{name}}, {{project}}/{{name}} or {{name}}.",
		Attributes:  attrs,
	}
}()

func topicResource(p *Provider) kit.Resource {
	t := &topicOps{p: p}
	pl := &planner{p: p, block: topicBlock, project: true, labels: true,
		equivalent: map[string]func(a, b string) bool{"name": shortNamesEqual("topics")},
		known: func(v cty.Value) cty.Value {
			if kit.Known(v, "project", "name") && kit.IsSet(v, "project") && kit.IsSet(v, "name") {
				v = setIfUnknown(v, "id", cty.StringVal(resourcePath(kit.String(v, "project"), "topics", kit.String(v, "name"))))
			}
			return v
		},
	}
	return kit.Resource{
		Schema:   &schema.Resource{Block: topicBlock},
		Timeouts: &kit.Timeouts{Create: 20 * time.Minute, Update: 20 * time.Minute, Delete: 20 * time.Minute},
		Validate: validateDurations("message_retention_duration"),
		Plan:     pl.plan,
		Create:   t.create,
		Read:     t.read,
		Update:   t.update,
		Delete:   t.delete,
		Import:   t.importTopic,
	}
}

// validateDurations checks that the named top-level attributes, when set,
// are durations.
func validateDurations(names ...string) func(cty.Value) schema.Diagnostics {
	return func(config cty.Value) schema.Diagnostics {
		var diags schema.Diagnostics
		for _, n := range names {
			if s := kit.String(config, n); s != "" {
				if _, err := parseDuration(s); err != nil {
					diags = append(diags, schema.Errorf(attrPath(n), "Invalid duration", err.Error())...)
				}
			}
		}
		return diags
	}
}

type topicOps struct{ p *Provider }

func (t *topicOps) api() (topicAPI, schema.Diagnostics) {
	c, diags := t.p.client()
	if diags.HasErrors() {
		return nil, diags
	}
	topics, _, diags := c.pubsubClients()
	return topics, diags
}

func topicPathOf(v cty.Value) string {
	return resourcePath(kit.String(v, "project"), "topics", kit.String(v, "name"))
}

func (t *topicOps) create(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := t.api()
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	retention, err := durationProto(kit.String(planned, "message_retention_duration"))
	if err != nil {
		return cty.NilVal, schema.Errorf(attrPath("message_retention_duration"), "Invalid duration", err.Error())
	}
	path := topicPathOf(planned)
	_, err = api.CreateTopic(ctx, &pubsubpb.Topic{Name: path, Labels: kit.Obj(planned).StrMap("effective_labels"),
		MessageRetentionDuration: retention})
	if err != nil {
		return cty.NilVal, apiDiag(err, attrPath("name"), "Cannot create Pub/Sub topic", path)
	}
	return readBackWith(ctx, planned, t.read)
}

func (t *topicOps) read(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := t.api()
	if diags.HasErrors() {
		return prior, diags
	}
	path := topicPathOf(prior)
	topic, err := api.GetTopic(ctx, &pubsubpb.GetTopicRequest{Topic: path})
	if isNotFound(err) {
		return topicBlock.Null(), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read Pub/Sub topic", path)
	}
	project, name, _ := splitPath(topic.Name, "topics")
	live := cty.ObjectVal(map[string]cty.Value{
		"id":                         cty.StringVal(topic.Name),
		"name":                       cty.StringVal(name),
		"project":                    cty.StringVal(project),
		"message_retention_duration": kit.StrOrNull(formatDuration(topic.MessageRetentionDuration)),
		"labels":                     cty.NullVal(cty.Map(cty.String)),
		"terraform_labels":           cty.NullVal(cty.Map(cty.String)),
		"effective_labels":           cty.NullVal(cty.Map(cty.String)),
	})
	live = readLabels(prior, live, topic.Labels)
	live = kit.KeepIfEqual(prior, live, "name", sameResource(project, "topics"))
	return kit.KeepIfEqual(prior, live, "message_retention_duration", sameDuration), nil
}

func (t *topicOps) update(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := t.api()
	if diags.HasErrors() {
		return prior, diags
	}
	topic := &pubsubpb.Topic{Name: topicPathOf(prior)}
	var mask []string
	if !prior.GetAttr("effective_labels").RawEquals(planned.GetAttr("effective_labels")) {
		topic.Labels = kit.Obj(planned).StrMap("effective_labels")
		mask = append(mask, "labels")
	}
	if !prior.GetAttr("message_retention_duration").RawEquals(planned.GetAttr("message_retention_duration")) {
		d, err := durationProto(kit.String(planned, "message_retention_duration"))
		if err != nil {
			return prior, schema.Errorf(attrPath("message_retention_duration"), "Invalid duration", err.Error())
		}
		topic.MessageRetentionDuration = d
		mask = append(mask, "message_retention_duration")
	}
	if len(mask) > 0 {
		_, err := api.UpdateTopic(ctx, &pubsubpb.UpdateTopicRequest{Topic: topic, UpdateMask: &fieldmaskpb.FieldMask{Paths: mask}})
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot update Pub/Sub topic", topic.Name)
		}
	}
	live, diags := readBackWith(ctx, planned, t.read)
	// The name's spelling lives only in state.
	return kit.KeepIfEqual(planned, live, "name", sameResource(kit.String(planned, "project"), "topics")), diags
}

func (t *topicOps) delete(ctx context.Context, prior cty.Value) schema.Diagnostics {
	api, diags := t.api()
	if diags.HasErrors() {
		return diags
	}
	path := topicPathOf(prior)
	err := api.DeleteTopic(ctx, &pubsubpb.DeleteTopicRequest{Topic: path})
	if err == nil || isNotFound(err) {
		return nil
	}
	return apiDiag(err, nil, "Cannot delete Pub/Sub topic", path)
}

func (t *topicOps) importTopic(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	project, name, diags := t.p.importProjectName(id, "topics")
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return stubOf(topicBlock, map[string]cty.Value{"project": cty.StringVal(project), "name": cty.StringVal(name)}), nil
}

// importProjectName parses a Pub/Sub import ID with the provider's project
// as default.
func (p *Provider) importProjectName(id, kind string) (project, name string, diags schema.Diagnostics) {
	def := ""
	if c, d := p.client(); !d.HasErrors() {
		def = c.project
	}
	project, name, err := parsePubsubImportID(id, kind, def)
	if err != nil {
		return "", "", schema.Errorf(nil, "Invalid import ID", err.Error())
	}
	return project, name, nil
}

// readBackWith reads the object just written with read, keeping the
// written value when the read cannot see it.
func readBackWith(ctx context.Context, written cty.Value,
	read func(context.Context, cty.Value) (cty.Value, schema.Diagnostics)) (cty.Value, schema.Diagnostics) {
	live, diags := read(ctx, written)
	if diags.HasErrors() {
		return kit.NullUnknowns(written), diags
	}
	if live.IsNull() {
		return kit.NullUnknowns(written), schema.Errorf(nil, "Object not readable after write",
			"The object was written but could not be read back; refresh to see its state.")
	}
	return live, nil
}
