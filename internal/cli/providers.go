package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
)

// lookupProvider resolves a provider name or alias, or reports the nearest
// name.
func (e *env) lookupProvider(name string) (core.ProviderInfo, bool) {
	if d, ok := core.Describe(name); ok {
		return d, true
	}
	all := []string{}
	for _, n := range core.Providers() {
		all = append(all, n)
		d, _ := core.Describe(n)
		all = append(all, d.Aliases...)
	}
	msg := fmt.Sprintf("unknown provider %q", name)
	if s := nearest(name, all); s != "" {
		if d, ok := core.Describe(s); ok && d.Name != s {
			s = d.Name
		}
		msg += "; did you mean " + s + "?"
	} else {
		msg += fmt.Sprintf(" (%s providers lists them)", e.prog)
	}
	e.errorf("%s", msg)
	return core.ProviderInfo{}, false
}

func providersCmd(e *env, args []string) int {
	if len(args) > 1 || (len(args) == 1 && strings.HasPrefix(args[0], "-")) {
		return e.usageErr("usage: %s providers [<name>]", e.prog)
	}
	if len(args) == 1 {
		d, ok := e.lookupProvider(args[0])
		if !ok {
			return exitUsage
		}
		describe(e, d)
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tALIASES\tHANDSHAKE\tSCHEME")
	for _, n := range core.Providers() {
		d, _ := core.Describe(n)
		hs := "-"
		if d.Handshake != "" {
			hs = "yes"
		}
		al := strings.Join(d.Aliases, ",")
		if al == "" {
			al = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n, al, hs, d.Scheme)
	}
	tw.Flush()
	return exitOK
}

// describe prints one provider: what core says of it, the options the
// route takes (when core declares them) and what signing it needs.
func describe(e *env, d core.ProviderInfo) {
	w := e.stdout
	fmt.Fprintf(w, "%s\n", d.Name)
	if len(d.Aliases) > 0 {
		fmt.Fprintf(w, "  aliases:    %s\n", strings.Join(d.Aliases, ", "))
	}
	fmt.Fprintf(w, "  scheme:     %s\n", d.Scheme)
	fmt.Fprintf(w, "  secret:     %s\n", d.Secret)
	hs := d.Handshake
	if hs == "" {
		hs = "none"
	}
	fmt.Fprintf(w, "  handshake:  %s\n", hs)
	if opts := routeOptions(d); len(opts) > 0 {
		fmt.Fprintf(w, "  options (of the route):\n")
		for _, o := range opts {
			fmt.Fprintf(w, "    %s\n", o)
		}
	}
	if so := provsign.Options(d.Name); len(so) > 0 {
		fmt.Fprintf(w, "  sign/send --option:\n")
		for _, o := range so {
			fmt.Fprintf(w, "    %s: %s\n", o.Name, o.Usage)
		}
	}
	if n := provsign.Note(d.Name); n != "" {
		fmt.Fprintf(w, "  note:       %s\n", n)
	}
	secret := "'<" + d.Secret + ">'"
	if provsign.SignsWithPrivateKey(d.Name) {
		secret = "\"$(cat private-key.pem)\""
	}
	fmt.Fprintf(w, "  try:        %s sign %s --secret %s\n", e.prog, d.Name, secret)
}

// routeOptions lists the options core declares for the provider.
func routeOptions(d core.ProviderInfo) []string {
	var out []string
	for _, o := range d.Options {
		line := o.Name
		if o.Kind != "" {
			line += " (" + o.Kind + ")"
		}
		if o.Doc != "" {
			line += ": " + o.Doc
		}
		out = append(out, line)
	}
	return out
}
