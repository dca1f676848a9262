package queue

// Load returns how many jobs wait or run, all stacks together.
func (q *Queue) Load() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, sq := range q.stacks {
		n += len(sq.pending)
		if sq.busy {
			n++
		}
	}
	return n
}
