package addrs

import (
	"strings"
	"testing"
)

func TestResourceInstanceString(t *testing.T) {
	long := strings.Repeat("x", 140) // past String's buffer on the stack
	for _, tc := range []struct {
		ri   ResourceInstance
		want string
	}{
		{ResourceInstance{Resource: Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "a"}}, "null_resource.a"},
		{ResourceInstance{Resource: Resource{Mode: DataResourceMode, Type: "local_file", Name: "x"}}, "data.local_file.x"},
		{ResourceInstance{Resource: Resource{Module: `module.app["eu"]`, Mode: ManagedResourceMode, Type: "aws_s3_bucket", Name: "b"}}, `module.app["eu"].aws_s3_bucket.b`},
		{ResourceInstance{Resource: Resource{Module: "module.m[2]", Mode: DataResourceMode, Type: "t", Name: "n"}, Key: IntKey(0)}, "module.m[2].data.t.n[0]"},
		{ResourceInstance{Resource: Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "c"}, Key: IntKey(12345)}, "null_resource.c[12345]"},
		{ResourceInstance{Resource: Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "d"}, Key: StringKey(`k "q"`)}, `null_resource.d["k \"q\""]`},
		{ResourceInstance{Resource: Resource{Module: ModuleInstance("module." + long), Mode: ManagedResourceMode, Type: "t", Name: "n"}, Key: IntKey(7)}, "module." + long + ".t.n[7]"},
	} {
		if got := tc.ri.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := tc.ri.Resource.String(); got != strings.TrimSuffix(tc.want, keySuffix(tc.ri.Key)) {
			t.Errorf("Resource.String() = %q, want %q", got, strings.TrimSuffix(tc.want, keySuffix(tc.ri.Key)))
		}
	}
}

func keySuffix(k InstanceKey) string {
	if k == NoKey {
		return ""
	}
	return k.String()
}

func TestResourceInstanceStringAllocatesOnce(t *testing.T) {
	ri := ResourceInstance{Resource: Resource{Module: "module.m", Mode: DataResourceMode, Type: "null_resource", Name: "r1234"}, Key: IntKey(99)}
	if n := testing.AllocsPerRun(100, func() { _ = ri.String() }); n != 1 {
		t.Errorf("String() allocates %v times, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = ri.Resource.String() }); n != 1 {
		t.Errorf("Resource.String() allocates %v times, want 1", n)
	}
}
