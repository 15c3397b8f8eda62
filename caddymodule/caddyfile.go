package caddymodule

import (
	"strconv"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/hookstile/hookstile/core"
)

func init() {
	httpcaddyfile.RegisterHandlerDirective("hookstile", parseCaddyfile)
	httpcaddyfile.RegisterDirectiveOrder("hookstile", httpcaddyfile.Before, "reverse_proxy")
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	m := new(Handler)
	err := m.UnmarshalCaddyfile(h.Dispenser)
	return m, err
}

// genericField reports whether name is one of the options the generic
// provider declares (core.Options): each is also a subdirective, a shorthand
// for option with the same name.
func genericField(name string) bool {
	for _, o := range core.Options("generic") {
		if o.Name == name {
			return true
		}
	}
	return false
}

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens. Syntax:
//
//	hookstile <provider> [<secret>] {
//		secret    <secret>              # repeatable: rotation
//		sign_key  <key>                 # repeatable: one signature each
//		format    cloudevents|binary|raw|elements
//		tolerance <duration>
//		max_body  <size>                # 1048576, 512KiB, 1MiB, ...
//		dedup     <duration>|off
//		dedup_size <count>
//		source    <uri>
//		store     memory|redis://[user:password@]host:port/db|rediss://...|{env.REDIS_URL}
//		queue     [<dir>] {             # queue mode: answer once durable
//			to          <url>           # required: where events are POSTed
//			attempts    <n>             # default 20, then a dead letter
//			max_age     <duration>      # default 72h
//			backoff     <min> [<max>]   # default 1s 10m
//			timeout     <duration>      # per attempt, default 10s
//			concurrency <n>             # default 8
//			per_subject <n>             # default 1 for dropbox, else 0 (no limit)
//			coalesce    on|off          # default on for dropbox, else off
//			max_size    <size>          # default 256MiB
//			max_events  <n>             # default 100000
//		}
//		allow_ips <cidr|ip>...          # repeatable: only these sources, others 403
//		option    <key> <value>         # repeatable: provider options
//
//		# the generic provider's settings (shorthands for option):
//		header            <name>
//		algorithm         sha256|sha1|sha512
//		encoding          hex|base64
//		prefix            <text>
//		signed_content    <template over {timestamp} {id} {body}>
//		timestamp_header  <name>
//		timestamp_format  unix|unix_ms|rfc3339
//		id_header         <name>
//		event_type_header <name>
//		key_encoding      raw|base64|hex
//	}
//
// Secrets and keys may be placeholders ({env.NAME}, {file./path}); they are
// resolved when the config is loaded.
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // consume directive name
	file, line := d.File(), d.Line()
	if !d.NextArg() {
		return errHint(d, "hookstile: missing provider name")
	}
	if d.Val() == "" {
		return errHint(d, "hookstile: the provider name is empty")
	}
	if _, ok := core.Describe(d.Val()); !ok {
		if hint := envHint(file, line); hint != "" || !onLine(file, line, d.Val()) {
			// The name came from a variable, or the variable meant for it is
			// unset and the next argument (a secret) took its place: do not
			// echo it.
			return d.Errf("hookstile: unknown provider (the first argument, from a {$VARIABLE})%s", hint)
		}
		hint := core.DidYouMean(d.Val())
		if hint == "" {
			hint = " (see the README's provider table)"
		}
		return d.Errf("hookstile: unknown provider '%s'%s", d.Val(), hint)
	}
	h.Provider = d.Val()
	if d.NextArg() {
		h.Secrets = append(h.Secrets, d.Val())
	}
	if d.NextArg() {
		return d.Errf("hookstile: unexpected argument '%s' (give further secrets in the block)", d.Val())
	}

	for d.NextBlock(0) {
		name := d.Val()
		switch name {
		case "secret", "sign_key":
			vals := d.RemainingArgs()
			if len(vals) != 1 {
				return errHint(d, "hookstile: %s: want exactly one value, got %d", name, len(vals))
			}
			if vals[0] == "" {
				return errHint(d, "hookstile: %s must not be empty", name)
			}
			if name == "secret" {
				h.Secrets = append(h.Secrets, vals[0])
			} else {
				h.SignKeys = append(h.SignKeys, vals[0])
			}

		case "format":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			switch strings.ToLower(val) {
			case core.FormatCloudEvents, core.FormatBinary, core.FormatRaw, core.FormatElements:
				h.Format = strings.ToLower(val)
			default:
				return d.Errf("hookstile: unknown format '%s' (want cloudevents, binary, raw or elements)", val)
			}

		case "tolerance":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			dur, err := caddy.ParseDuration(val)
			if err != nil || dur <= 0 {
				return d.Errf("hookstile: bad tolerance '%s': want a positive duration such as 5m", val)
			}
			h.Tolerance = caddy.Duration(dur)

		case "max_body":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			n, err := core.ParseSize(val)
			if err != nil {
				return d.Errf("hookstile: bad max_body '%s': want a size such as 1MiB or 65536", val)
			}
			h.MaxBody = n

		case "dedup":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			if val == "off" {
				h.DedupDisabled, h.Dedup = true, 0
				break
			}
			dur, err := caddy.ParseDuration(val)
			if err != nil || dur <= 0 {
				return d.Errf("hookstile: bad dedup '%s': want a positive duration such as 10m, or off", val)
			}
			h.Dedup, h.DedupDisabled = caddy.Duration(dur), false

		case "dedup_size":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return d.Errf("hookstile: bad dedup_size '%s': want a positive count", val)
			}
			h.DedupSize = n

		case "queue":
			q, err := parseQueue(d)
			if err != nil {
				return err
			}
			h.Queue = q

		case "store":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			if val != "memory" && !strings.HasPrefix(val, "redis://") && !strings.HasPrefix(val, "rediss://") && !isPlaceholder(val) {
				return d.Errf("hookstile: bad store '%s': want memory, redis://..., rediss://... or a placeholder", storeName(val))
			}
			h.Store = val

		case "source":
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			h.Source = val

		case "allow_ips":
			if err := h.parseAllowIPs(d); err != nil {
				return err
			}

		case "option":
			vals := d.RemainingArgs()
			if len(vals) != 2 {
				return errHint(d, "hookstile: option: want a key and a value, got %d values", len(vals))
			}
			if err := h.setOption(d, vals[0], vals[1]); err != nil {
				return err
			}

		default:
			if !genericField(name) {
				return d.Errf("hookstile: unrecognized subdirective '%s'", name)
			}
			val, err := oneArg(d)
			if err != nil {
				return err
			}
			if err := h.setOption(d, name, val); err != nil {
				return err
			}
		}
	}
	if len(h.Secrets) == 0 {
		return d.Errf("hookstile %s: no secret: give one after the provider name or as 'secret' in the block%s", h.Provider, envHint(file, line))
	}
	return nil
}

// setOption sets a provider option once.
func (h *Handler) setOption(d *caddyfile.Dispenser, key, val string) error {
	if key == "" {
		return d.Err("hookstile: empty option name")
	}
	if _, dup := h.Options[key]; dup {
		return d.Errf("hookstile: option '%s' set twice", key)
	}
	if h.Options == nil {
		h.Options = make(map[string]string)
	}
	h.Options[key] = val
	return nil
}

// oneArg returns the single argument of the current subdirective; the error
// names the subdirective.
func oneArg(d *caddyfile.Dispenser) (string, error) {
	name := d.Val()
	vals := d.RemainingArgs()
	if len(vals) != 1 {
		return "", errHint(d, "hookstile: %s: want exactly one value, got %d", name, len(vals))
	}
	return vals[0], nil
}

// Interface guards
var _ caddyfile.Unmarshaler = (*Handler)(nil)
