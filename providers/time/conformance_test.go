package timeprovider

import (
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
)

func TestConformance(t *testing.T) {
	p := providertest.Configure(t, New(), nil)
	cfg := func(typ string, vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, typ, vals)
	}
	trig := func(v string) cty.Value { return cty.MapVal(map[string]cty.Value{"t": cty.StringVal(v)}) }
	num := cty.NumberIntVal
	str := cty.StringVal

	providertest.Run(t, p, []providertest.Case{
		{
			Name: "time_static takes the time of creation and is replaced when triggers change",
			Type: "time_static",
			Steps: []providertest.Step{
				{Config: cfg("time_static", map[string]cty.Value{"triggers": trig("1")}), Check: wantRecent("rfc3339")},
				{Config: cfg("time_static", map[string]cty.Value{"triggers": trig("2")}), Replace: true, Check: wantRecent("rfc3339")},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "rfc3339") },
			ImportIgnore: []string{"triggers"},
			StateOnly:    true,
		},
		{
			Name: "time_static breaks a configured timestamp down in its own zone",
			Type: "time_static",
			Steps: []providertest.Step{{
				Config: cfg("time_static", map[string]cty.Value{"rfc3339": str("2024-02-29T23:30:05+02:00")}),
				Check: wantFields(map[string]int64{"year": 2024, "month": 2, "day": 29, "hour": 23, "minute": 30,
					"second": 5, "unix": 1709242205}),
			}},
			ImportID:  func(s cty.Value) string { return kit.String(s, "rfc3339") },
			StateOnly: true,
		},
		{
			Name: "time_rotating recomputes its rotation in place when the period changes",
			Type: "time_rotating",
			Steps: []providertest.Step{
				{Config: cfg("time_rotating", map[string]cty.Value{"rotation_days": num(1)}), Check: wantRotation(24 * time.Hour)},
				{Config: cfg("time_rotating", map[string]cty.Value{"rotation_days": num(2), "rotation_hours": num(3)}),
					Check: wantRotation(51 * time.Hour)},
			},
			ImportID:  func(s cty.Value) string { return kit.String(s, "rfc3339") + ",0,0,2,3,0" },
			StateOnly: true,
		},
		{
			Name: "time_rotating with a configured rotation time",
			Type: "time_rotating",
			Steps: []providertest.Step{
				{Config: cfg("time_rotating", map[string]cty.Value{"rotation_rfc3339": str("2999-01-01T00:00:00Z")})},
				{Config: cfg("time_rotating", map[string]cty.Value{"rotation_rfc3339": str("2998-01-01T00:00:00Z")})},
			},
			ImportID:  func(s cty.Value) string { return kit.String(s, "rfc3339") + ",2998-01-01T00:00:00Z" },
			StateOnly: true,
		},
		{
			Name: "time_offset from a configured base updates in place when the offset changes",
			Type: "time_offset",
			Steps: []providertest.Step{
				{Config: cfg("time_offset", map[string]cty.Value{"base_rfc3339": str("2024-01-31T00:00:00Z"), "offset_months": num(1)}),
					Check: wantString("rfc3339", "2024-03-02T00:00:00Z")},
				{Config: cfg("time_offset", map[string]cty.Value{"base_rfc3339": str("2024-01-31T00:00:00Z"), "offset_hours": num(-5),
					"offset_seconds": num(30)}),
					Check: wantString("rfc3339", "2024-01-30T19:00:30Z")},
				{Config: cfg("time_offset", map[string]cty.Value{"base_rfc3339": str("2025-01-31T00:00:00Z"), "offset_hours": num(1)}),
					Replace: true, Check: wantString("rfc3339", "2025-01-31T01:00:00Z")},
			},
			ImportID:  func(s cty.Value) string { return kit.String(s, "base_rfc3339") + ",0,0,0,1,0,0" },
			StateOnly: true,
		},
		{
			Name: "time_offset from the time of creation",
			Type: "time_offset",
			Steps: []providertest.Step{{
				Config: cfg("time_offset", map[string]cty.Value{"offset_days": num(1)}),
				Check: func(t *testing.T, s cty.Value) {
					wantRecent("base_rfc3339")(t, s)
					base, _ := time.Parse(time.RFC3339, kit.String(s, "base_rfc3339"))
					wantString("rfc3339", base.AddDate(0, 0, 1).Format(time.RFC3339))(t, s)
				},
			}},
			StateOnly: true,
		},
		{
			Name: "time_sleep updates durations in place and is replaced when triggers change",
			Type: "time_sleep",
			Steps: []providertest.Step{
				{Config: cfg("time_sleep", map[string]cty.Value{"create_duration": str("5ms")}), Check: wantRecent("id")},
				{Config: cfg("time_sleep", map[string]cty.Value{"create_duration": str("5ms"), "destroy_duration": str("5ms")})},
				{Config: cfg("time_sleep", map[string]cty.Value{"create_duration": str("5ms"), "destroy_duration": str("5ms"),
					"triggers": trig("x")}), Replace: true},
			},
			ImportID:     func(s cty.Value) string { return "5ms,5ms" },
			ImportIgnore: []string{"id", "triggers"},
			StateOnly:    true,
		},
	})
}

// wantRecent checks that a timestamp attribute is within a minute of now:
// it was taken at apply, not made up.
func wantRecent(name string) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		got, err := time.Parse(time.RFC3339, kit.String(s, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := time.Since(got); d < -time.Minute || d > time.Minute {
			t.Errorf("%s = %s, want about now", name, got)
		}
	}
}

func wantFields(want map[string]int64) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		for name, n := range want {
			if got := kit.Int(s, name); got != n {
				t.Errorf("%s = %d, want %d", name, got, n)
			}
		}
	}
}

func wantString(name, want string) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := kit.String(s, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func wantRotation(period time.Duration) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		base, err1 := time.Parse(time.RFC3339, kit.String(s, "rfc3339"))
		rot, err2 := time.Parse(time.RFC3339, kit.String(s, "rotation_rfc3339"))
		if err1 != nil || err2 != nil {
			t.Fatalf("timestamps: %v, %v", err1, err2)
		}
		if got := rot.Sub(base); got != period {
			t.Errorf("rotation is %s after the base, want %s", got, period)
		}
	}
}
