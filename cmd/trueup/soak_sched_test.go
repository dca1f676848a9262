package main

import (
	"sync"
	"time"
)

// schedProbe measures how late this process's timers fire: a measure of
// how starved of CPU the machine is. The soak adds the lateness seen
// around a kill to its bound, since the killed apply, on the same
// machine, was held back as much.
type schedProbe struct {
	mu   sync.Mutex
	late []lateSample
	stop chan struct{}
}

type lateSample struct {
	at   time.Time
	late time.Duration
}

const schedTick = 20 * time.Millisecond

func startSchedProbe() *schedProbe {
	p := &schedProbe{stop: make(chan struct{})}
	go func() {
		next := time.Now().Add(schedTick)
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(time.Until(next)):
			}
			now := time.Now()
			if late := now.Sub(next); late > 0 {
				p.mu.Lock()
				p.late = append(p.late, lateSample{now, late})
				p.mu.Unlock()
			}
			next = now.Add(schedTick)
		}
	}()
	return p
}

func (p *schedProbe) close() { close(p.stop) }

// lateness is the sum of the lateness of the ticks in [from, to]: the
// time this process waited for a CPU in that window, about.
func (p *schedProbe) lateness(from, to time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var sum time.Duration
	for _, s := range p.late {
		if !s.at.Before(from) && !s.at.After(to) {
			sum += s.late
		}
	}
	return sum
}
