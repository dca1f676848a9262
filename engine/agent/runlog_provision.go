package agent

// PreProvision records a provisioner starting, as the CLI prints it.
func (l *runLog) PreProvision(addr, provisioner string) {
	l.info("%s: Provisioning with '%s'...", addr, provisioner)
}

// ProvisionOutput records a line of a provisioner's output (redacted like
// every log line).
func (l *runLog) ProvisionOutput(addr, provisioner, line string) {
	l.info("%s (%s): %s", addr, provisioner, line)
}

// PostProvision records a provisioner's failure; success needs no line.
func (l *runLog) PostProvision(addr, provisioner string, err error) {
	if err != nil {
		l.error("%s (%s): %v", addr, provisioner, err)
	}
}
