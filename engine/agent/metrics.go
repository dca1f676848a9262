package agent

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the agent's Prometheus metrics, in a registry of its own.
type metrics struct {
	reg         *prometheus.Registry
	runs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	drifted     *prometheus.GaugeVec
	lastApplied *prometheus.GaugeVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "trueup_runs_total", Help: "Runs finished, by stack, kind and outcome.",
		}, []string{"stack", "kind", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "trueup_run_duration_seconds", Help: "How long runs took, by stack and kind.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800},
		}, []string{"stack", "kind"}),
		drifted: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "trueup_stack_drifted", Help: "1 when the stack's last drift check found drift, else 0.",
		}, []string{"stack"}),
		lastApplied: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "trueup_last_successful_apply_timestamp_seconds", Help: "Unix time of the stack's last successful apply.",
		}, []string{"stack"}),
	}
	m.reg.MustRegister(m.runs, m.duration, m.drifted, m.lastApplied,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// loadMetrics sets the gauges from the history, so that they survive a
// restart.
func (a *Agent) loadMetrics() {
	for _, s := range a.conf().Stacks {
		st, err := a.store.StackStatus(s.Name)
		if err != nil {
			a.log.Warn("could not read stack status", "stack", s.Name, "error", err)
			continue
		}
		a.metrics.drifted.WithLabelValues(s.Name).Set(boolFloat(st.Drifted))
		if !st.LastApplied.IsZero() {
			a.metrics.lastApplied.WithLabelValues(s.Name).Set(float64(st.LastApplied.Unix()))
		}
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
