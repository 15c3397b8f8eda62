//go:build !gc || !linux
// +build !gc !linux

package core

import "time"

// processCPU is not measured here (Yaegi has no syscall package): the
// benchmarks then report wall time only.
func processCPU() time.Duration { return 0 }
