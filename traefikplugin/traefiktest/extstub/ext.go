// Package ext stands in for Traefik's nested module github.com/traefik/traefik/dynamic/ext,
// which Traefik's go.mod replaces with a local directory and which is therefore not on the
// module proxy. Traefik's dynamic configuration embeds these two types; this project needs
// nothing from them.
package ext

// HTTP is embedded inline in dynamic.HTTPConfiguration.
type HTTP struct{}

// Router is embedded inline in dynamic.Router.
type Router struct{}
