package traefiktest

import (
	"testing"

	_ "github.com/traefik/traefik/v3/pkg/plugins"
	_ "github.com/traefik/yaegi/interp"
	_ "github.com/hookstile/hookstile/core"
)

func TestProbe(t *testing.T) {}
