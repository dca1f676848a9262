package render

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

func at(line int) *hcl.Range {
	return &hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 2}}
}

func TestConsolidateKeepsTheFirstOfEachCauseAndCountsTheRest(t *testing.T) {
	var diags hcl.Diagnostics
	for i := range 10000 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported provider", Detail: "d", Subject: at(i + 1)})
	}
	diags = append(diags,
		&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unsupported provider", Detail: "w", Subject: at(1)},
		&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unsupported provider", Detail: "w", Subject: at(2)},
		&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No location", Detail: "a"},
		&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No location", Detail: "b"},
		&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No location", Detail: "a"},
	)
	got := Consolidate(diags)
	want := []string{
		"Unsupported provider|d\n\n(and 9999 more similar errors elsewhere)|1",
		"Unsupported provider|w\n\n(and one more similar warning elsewhere)|1",
		"No location|a\n\n(and one more similar error elsewhere)|0",
		"No location|b|0",
	}
	if len(got) != len(want) {
		t.Fatalf("Consolidate returned %d diagnostics, want %d: %v", len(got), len(want), got)
	}
	for i, d := range got {
		line := 0
		if d.Subject != nil {
			line = d.Subject.Start.Line
		}
		s := d.Summary + "|" + d.Detail + "|" + string(rune('0'+line))
		if s != want[i] {
			t.Errorf("diagnostic %d = %q, want %q", i, s, want[i])
		}
	}
	if diags[0].Detail != "d" {
		t.Error("Consolidate modified its input")
	}
}

func TestConsolidateIsLinear(t *testing.T) {
	mk := func(n int) hcl.Diagnostics {
		diags := make(hcl.Diagnostics, n)
		for i := range diags {
			diags[i] = &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Value for undeclared variable", Detail: strings.Repeat("x", i), Subject: at(i)}
		}
		return diags
	}
	// 20,000 diagnostics group in well under a second when the cost is
	// linear; a quadratic cost would take minutes.
	diags := mk(20_000)
	start := time.Now()
	got := Consolidate(diags)
	if d := time.Since(start); d > 10*time.Second || len(got) != WarningThreshold {
		t.Fatalf("Consolidate of 20,000 diagnostics took %v and returned %d groups, want 5", d, len(got))
	}
}
