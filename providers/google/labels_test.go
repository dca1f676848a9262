package google

import (
	"context"
	"slices"
	"sync"
	"testing"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/googleapis/gax-go/v2"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/proto"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func labelObj(labels, managed, effective cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"labels": labels, "terraform_labels": managed, "effective_labels": effective})
}

var noLabels = cty.NullVal(cty.Map(cty.String))

func TestPlanLabels(t *testing.T) {
	tests := []struct {
		name          string
		prior         cty.Value
		config        cty.Value
		wantEffective cty.Value
	}{
		{name: "create manages exactly the configured labels", prior: cty.NullVal(labelObj(noLabels, noLabels, noLabels).Type()),
			config: labels("env", "test"), wantEffective: labels("env", "test")},
		{name: "a label set by someone else is kept", prior: labelObj(labels("env", "test"), labels("env", "test"), labels("env", "test", "owner", "ops")),
			config: labels("env", "prod"), wantEffective: labels("env", "prod", "owner", "ops")},
		{name: "a label dropped from configuration is removed", prior: labelObj(labels("env", "test", "tier", "1"), labels("env", "test", "tier", "1"), labels("env", "test", "tier", "1")),
			config: labels("env", "test"), wantEffective: labels("env", "test")},
		{name: "removing every label leaves an empty map", prior: labelObj(labels("env", "test"), labels("env", "test"), labels("env", "test")),
			config: noLabels, wantEffective: cty.MapValEmpty(cty.String)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			planned := planLabels(tt.prior, labelObj(tt.config, cty.UnknownVal(cty.Map(cty.String)), cty.UnknownVal(cty.Map(cty.String))))
			if got := planned.GetAttr("effective_labels"); !got.RawEquals(tt.wantEffective) {
				t.Errorf("effective_labels = %#v, want %#v", got, tt.wantEffective)
			}
			if tt.config.IsNull() {
				return
			}
			if got := planned.GetAttr("terraform_labels"); !got.RawEquals(tt.config) {
				t.Errorf("terraform_labels = %#v, want the configured %#v", got, tt.config)
			}
		})
	}
}

func TestReadLabels(t *testing.T) {
	managed := labelObj(labels("env", "test"), labels("env", "test"), labels("env", "test"))
	tests := []struct {
		name       string
		prior      cty.Value
		actual     map[string]string
		wantLabels cty.Value
	}{
		{name: "a label added by someone else is not drift in labels", prior: managed,
			actual: map[string]string{"env": "test", "owner": "ops"}, wantLabels: labels("env", "test")},
		{name: "a managed label changed by someone else is drift", prior: managed,
			actual: map[string]string{"env": "hacked"}, wantLabels: labels("env", "hacked")},
		{name: "a managed label removed by someone else is drift", prior: managed,
			actual: map[string]string{}, wantLabels: cty.MapValEmpty(cty.String)},
		{name: "an import adopts every label", prior: labelObj(noLabels, noLabels, noLabels),
			actual: map[string]string{"env": "test", "owner": "ops"}, wantLabels: labels("env", "test", "owner", "ops")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readLabels(tt.prior, labelObj(noLabels, noLabels, noLabels), tt.actual)
			if !got.GetAttr("labels").RawEquals(tt.wantLabels) {
				t.Errorf("labels = %#v, want %#v", got.GetAttr("labels"), tt.wantLabels)
			}
			if !got.GetAttr("effective_labels").RawEquals(kit.MapVal(tt.actual)) {
				t.Errorf("effective_labels = %#v, want every label on the object", got.GetAttr("effective_labels"))
			}
		})
	}
}

// recordingTopics records the UpdateTopic requests the provider sends and
// forwards them without the label update, which the Pub/Sub emulator
// rejects ("labels is not a known Topic field").
type recordingTopics struct {
	topicAPI
	mu      sync.Mutex
	updates []*pubsubpb.UpdateTopicRequest
}

func (r *recordingTopics) UpdateTopic(ctx context.Context, req *pubsubpb.UpdateTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error) {
	r.mu.Lock()
	r.updates = append(r.updates, proto.Clone(req).(*pubsubpb.UpdateTopicRequest))
	r.mu.Unlock()
	fwd := proto.Clone(req).(*pubsubpb.UpdateTopicRequest)
	fwd.UpdateMask.Paths = slices.DeleteFunc(fwd.UpdateMask.Paths, func(p string) bool { return p == "labels" })
	if len(fwd.UpdateMask.Paths) == 0 {
		return req.Topic, nil
	}
	return r.topicAPI.UpdateTopic(ctx, fwd, opts...)
}

// TestTopicLabelUpdateRequest checks the request a label change sends:
// the emulator cannot update labels, so this asserts on the recorded
// UpdateTopic request instead of the server's state.
func TestTopicLabelUpdateRequest(t *testing.T) {
	p := newProvider(t, testProject(t))
	c, _ := p.(*Provider).client()
	rec := &recordingTopics{topicAPI: c.topics}
	c.topics = rec
	block := p.GetSchema(bg).Schema.Resources[topicType].Block
	apply := func(prior cty.Value, config cty.Value) cty.Value {
		plan := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: topicType, PriorState: prior,
			ProposedNewState: schema.ProposedNew(block, prior, config), Config: config})
		if plan.Diagnostics.HasErrors() || len(plan.RequiresReplace) > 0 {
			t.Fatalf("plan: %v (replace %v)", plan.Diagnostics.Err(), plan.RequiresReplace)
		}
		resp := p.ApplyResource(bg, schema.ApplyResourceRequest{TypeName: topicType, PriorState: prior,
			PlannedState: plan.PlannedState, Config: config})
		if resp.Diagnostics.HasErrors() {
			t.Fatalf("apply: %s", resp.Diagnostics.Err())
		}
		return resp.NewState
	}
	state := apply(block.Null(), cfg(t, p, topicType, map[string]cty.Value{"name": s("labelled"), "labels": labels("env", "test", "tier", "1")}))
	apply(state, cfg(t, p, topicType, map[string]cty.Value{"name": s("labelled"), "labels": labels("env", "prod")}))

	if len(rec.updates) != 1 {
		t.Fatalf("%d UpdateTopic requests, want 1", len(rec.updates))
	}
	req := rec.updates[0]
	if !slices.Equal(req.UpdateMask.Paths, []string{"labels"}) {
		t.Errorf("update mask %v, want [labels]", req.UpdateMask.Paths)
	}
	if len(req.Topic.Labels) != 1 || req.Topic.Labels["env"] != "prod" {
		t.Errorf("labels sent %v, want exactly env=prod (tier removed)", req.Topic.Labels)
	}
}
