// Package traefiktest loads the hookstile Traefik plugin with Traefik's own
// plugin loader (github.com/traefik/traefik/v3/pkg/plugins) and Yaegi, the
// way Traefik does at start-up, and sends real deliveries through it.
//
// It is a separate module so that the repository's root go.mod never requires
// Traefik or Yaegi (the plugin catalog rejects plugins whose go.mod does).
// It holds tests only; run them with
//
//	go -C traefikplugin/traefiktest test ./...
package traefiktest
