package main

import (
	"reflect"
	"testing"
	"time"
)

func TestLatencyCases(t *testing.T) {
	o, err := parseFlags([]string{"-latency-cases", "1000@20ms/10, 10000@50ms/50"})
	if err != nil {
		t.Fatal(err)
	}
	want := []latencyCase{{1000, 20 * time.Millisecond, 10}, {10000, 50 * time.Millisecond, 50}}
	if !reflect.DeepEqual(o.latencyCases, want) {
		t.Errorf("-latency-cases: %+v, want %+v", o.latencyCases, want)
	}
	// Without it, each -latency-n size at -latency and -latency-parallelism.
	o, err = parseFlags([]string{"-latency-n", "500,2000", "-latency", "5ms", "-latency-parallelism", "7"})
	if err != nil {
		t.Fatal(err)
	}
	want = []latencyCase{{500, 5 * time.Millisecond, 7}, {2000, 5 * time.Millisecond, 7}}
	if !reflect.DeepEqual(o.latencyCases, want) {
		t.Errorf("-latency-n: %+v, want %+v", o.latencyCases, want)
	}
	// Given empty, as `BENCH_LATENCY= make bench` gives it: none.
	if o, err = parseFlags([]string{"-latency-cases", ""}); err != nil || len(o.latencyCases) != 0 {
		t.Errorf("-latency-cases \"\": %+v, %v; want no runs", o.latencyCases, err)
	}
	for _, bad := range []string{"1000", "1000@20ms", "x@20ms/10", "1000@soon/10", "1000@20ms/0", "0@20ms/10"} {
		if _, err := parseFlags([]string{"-latency-cases", bad}); err == nil {
			t.Errorf("-latency-cases %q: no error", bad)
		}
	}
}
