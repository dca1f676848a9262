package sandbox

import (
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// kernelTimers keeps idle timerfds for sleepUntil, one per request in its
// last timerGrain at most; the pool drops them (and their finalizers
// close them) when they are not used.
var kernelTimers sync.Pool

// sleepUntil parks the calling goroutine until deadline on a kernel
// timer: a timerfd, set to the nanosecond and read through the runtime's
// netpoller. The kernel's high-resolution timer makes the fd readable
// within its timer slack (50 µs), which wakes the netpoller however long
// its own wait was rounded to; and the goroutine is parked, not its
// thread. nanosleep, used before, held a thread for each request's last
// couple of milliseconds, and the runtime handed that thread's core to
// another on every call: a tenth more of the sandbox's CPU at 2,500
// requests a second. Should a timerfd fail, a runtime timer waits.
func sleepUntil(deadline time.Time) {
	rem := time.Until(deadline)
	if rem <= 0 {
		return
	}
	f, _ := kernelTimers.Get().(*os.File)
	if f == nil {
		fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
		if err != nil {
			time.Sleep(rem)
			return
		}
		// A non-blocking fd makes a File read through the netpoller.
		f = os.NewFile(uintptr(fd), "timerfd")
	}
	if err := waitTimer(f, time.Until(deadline)); err != nil {
		f.Close()
		time.Sleep(time.Until(deadline))
		return
	}
	kernelTimers.Put(f)
}

// waitTimer arms timer f to expire once after d, and reads its
// expiration. d is at least a nanosecond: a zero timer is disarmed and
// would never be read.
func waitTimer(f *os.File, d time.Duration) error {
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(max(int64(d), 1))}
	conn, err := f.SyscallConn() // f.Fd would make the fd blocking
	if err != nil {
		return err
	}
	var setErr error
	if err := conn.Control(func(fd uintptr) { setErr = unix.TimerfdSettime(int(fd), 0, &spec, nil) }); err != nil {
		return err
	}
	if setErr != nil {
		return setErr
	}
	var expirations [8]byte
	_, err = f.Read(expirations[:])
	return err
}
