package queuetest

import (
	"testing"

	"github.com/hookstile/hookstile/queue"
)

// TestSpool runs the contract on the spool: two spools on one directory are
// two processes.
func TestSpool(t *testing.T) {
	Run(t, func(t *testing.T) (queue.Backend, queue.Backend) {
		dir := t.TempDir()
		a, err := queue.OpenSpool(dir, queue.SpoolOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := queue.OpenSpool(dir, queue.SpoolOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	})
}
