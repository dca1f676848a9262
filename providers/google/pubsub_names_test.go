package google

import (
	"testing"

	"google.golang.org/protobuf/types/known/durationpb"
)

func TestParsePubsubImportID(t *testing.T) {
	tests := []struct {
		name, id, wantProject, wantName string
		wantErr                         bool
	}{
		{name: "full path", id: "projects/p1/topics/t1", wantProject: "p1", wantName: "t1"},
		{name: "project/name", id: "p1/t1", wantProject: "p1", wantName: "t1"},
		{name: "bare name takes the provider's project", id: "t1", wantProject: "default", wantName: "t1"},
		{name: "a path of another kind is refused", id: "projects/p1/subscriptions/s1", wantErr: true},
		{name: "an empty part is refused", id: "p1/", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, n, err := parsePubsubImportID(tt.id, "topics", "default")
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (p != tt.wantProject || n != tt.wantName) {
				t.Errorf("got %s/%s, want %s/%s", p, n, tt.wantProject, tt.wantName)
			}
		})
	}
	if _, _, err := parsePubsubImportID("t1", "topics", ""); err == nil {
		t.Error("a bare name with no provider project must be refused")
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{name: "API seconds equal a Go duration", a: "600s", b: "10m", same: true},
		{name: "fractional seconds compare by value", a: "1.5s", b: "1500ms", same: true},
		{name: "different lengths differ", a: "600s", b: "601s"},
		{name: "garbage is never equal", a: "soon", b: "soon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameDuration(tt.a, tt.b); got != tt.same {
				t.Errorf("sameDuration(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
	if got := formatDuration(&durationpb.Duration{Seconds: 1, Nanos: 500000000}); got != "1.5s" {
		t.Errorf("formatDuration(1.5s) = %q, want the API's form 1.5s", got)
	}
}

func TestResourceNameEquivalence(t *testing.T) {
	tests := []struct {
		name string
		eq   func(a, b string) bool
		a, b string
		want bool
	}{
		{name: "short and full topic names are the same topic", eq: sameResourceAnyProject("topics"), a: "t", b: "projects/p/topics/t", want: true},
		{name: "full topic paths in two projects differ", eq: sameResourceAnyProject("topics"), a: "projects/a/topics/t", b: "projects/b/topics/t"},
		{name: "subscription short names compare", eq: shortNamesEqual("subscriptions"), a: "projects/p/subscriptions/s", b: "s", want: true},
		{name: "different names differ", eq: shortNamesEqual("topics"), a: "t1", b: "t2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.eq(tt.a, tt.b); got != tt.want {
				t.Errorf("(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
