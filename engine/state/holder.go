package state

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A lock's holder records its host, PID and process start time, so that
// the local backend can take over at once a lock whose holder died on this
// host (a kill -9, a crash, a power cut of the process) instead of
// blocking every run for the rest of the lease. Terraform's local lock
// goes with its process too (it is an flock). A holder is dead when its
// Host is this host and its PID is not a running process (or is a
// zombie), or is a process that started at another time than the holder
// (the PID was reused). A lock without Host (older trueup, Terraform),
// from another host, or whose process cannot be examined, is judged by its
// lease alone. Two machines that share both a host name and a lock
// directory would defeat the rule; docs/reliability.md says so.

// thisProcess returns this machine's host name and this process's start
// time (zero where /proc cannot tell).
func thisProcess() (host string, start uint64) {
	host, _ = os.Hostname()
	start, _, _ = procStat(os.Getpid())
	return host, start
}

// deadHolder returns why the holder of lock info is known to be dead, or
// "" when it may be alive.
func deadHolder(info *LockInfo) string {
	if info == nil || info.Host == "" || info.PID <= 0 {
		return ""
	}
	if host, _ := os.Hostname(); host == "" || host != info.Host {
		return ""
	}
	alive, known := processAlive(info.PID)
	if !known {
		return ""
	}
	if !alive {
		return fmt.Sprintf("its process %d on %s is no longer running", info.PID, info.Host)
	}
	start, zombie, ok := procStat(info.PID)
	switch {
	case ok && zombie:
		return fmt.Sprintf("its process %d on %s has exited", info.PID, info.Host)
	case ok && info.PIDStart != 0 && start != info.PIDStart:
		return fmt.Sprintf("its process %d on %s has exited (that PID is now another process)", info.PID, info.Host)
	}
	return ""
}

// procStat reads /proc/PID/stat: the process's start time in clock ticks
// after boot and whether it is a zombie. ok is false where /proc cannot
// tell (no such process, not Linux).
func procStat(pid int) (start uint64, zombie, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false, false
	}
	// "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses,
	// so the fields are counted from the last ')'. STATE is field 3 and
	// starttime field 22.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, false, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return 0, false, false
	}
	start, err = strconv.ParseUint(f[19], 10, 64)
	if err != nil {
		return 0, false, false
	}
	return start, f[0] == "Z" || f[0] == "X", true
}
