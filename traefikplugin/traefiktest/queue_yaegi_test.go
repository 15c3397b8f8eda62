package traefiktest

import "testing"

// TestQueueUnderYaegi runs package queue's own unit tests (the spool, the
// engine against a real loopback upstream) interpreted by Yaegi v0.16.1, as
// the Traefik plugin runs that package.
func TestQueueUnderYaegi(t *testing.T) {
	interpretTests(t, "queue", 10)
}

// TestQueueContractUnderYaegi runs the Backend contract (queue/queuetest) on
// the spool, interpreted.
func TestQueueContractUnderYaegi(t *testing.T) {
	interpretTests(t, "queue/queuetest", 1)
}
