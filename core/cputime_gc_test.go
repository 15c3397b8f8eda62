//go:build gc && linux
// +build gc,linux

package core

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process used so far (all threads: the
// benchmark's and the garbage collector's). On a machine shared with other
// work the benchmarks report it per operation next to wall time, which
// counts the time the process waited for a CPU too. (Under Yaegi, without
// the syscall package, see cputime_other_test.go.)
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
