package benchdriver

import (
	"strings"
	"testing"
)

func TestPhaseSecondsReadsTheDebugLogLine(t *testing.T) {
	log := `2026-12-07T06:07:10.822Z [DEBUG] trueup.planner: refreshed: objects=0 drifted=0 elapsed=10.838806ms
2026-12-07T06:07:11.042Z [DEBUG] trueup.planner: walked: nodes=1 elapsed=229.245958ms
2026-12-07T06:07:15.900Z [DEBUG] trueup.apply: walked: changes=10000 elapsed=4.5s
2026-12-07T06:07:15.985Z [DEBUG] trueup.state: state written: serial=6 took=123.40672ms
`
	// hclog quotes a value that is not all ASCII.
	quoted := `2026-12-07T06:07:15.901Z [DEBUG] trueup.planner: refreshed: objects=1 drifted=0 elapsed="390.955µs"` + "\n"
	for _, c := range []struct {
		log, phase string
		want       float64
	}{
		{log, phaseRefresh, 0.010838806},
		{log, phaseApply, 4.5},
		{quoted, phaseRefresh, 0.000390955},
		{quoted + log, phaseRefresh, 0.000390955}, // the first line counts
	} {
		got, err := phaseSeconds([]byte(c.log), c.phase)
		if err != nil || got != c.want {
			t.Errorf("%s in %q: %v, %v; want %v", c.phase, c.log, got, err, c.want)
		}
	}
}

func TestPhaseSecondsWithoutTheLineIsAnError(t *testing.T) {
	for _, log := range []string{
		"",
		"2026-12-07T06:07:11.042Z [DEBUG] trueup.planner: walked: nodes=1 elapsed=229ms\n",
		"2026-12-07T06:07:15.900Z [DEBUG] trueup.apply: walked: changes=3\n",
		"2026-12-07T06:07:15.900Z [DEBUG] trueup.apply: walked: changes=3 elapsed=\n",
		"2026-12-07T06:07:15.900Z [DEBUG] trueup.apply: walked: changes=3 elapsed=soon\n",
	} {
		if got, err := phaseSeconds([]byte(log), phaseApply); err == nil || !strings.Contains(err.Error(), phaseApply) {
			t.Errorf("%q: %v, %v; want an error naming the line", log, got, err)
		}
	}
}
