package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/hookstile/hookstile/internal/provsign"
)

const (
	signUsage = "<provider> --secret S [--body F|-] [--option k=v] [--url U]"
	sendUsage = "<provider> --secret S --url U [--body F|-] [--option k=v]"
)

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// signArgs parses `<provider> [flags]` (the provider may also come after
// the flags) into a signed request.
func (e *env) signArgs(cmd, usage string, args []string, needURL bool) (*provsign.Request, string, int) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var secrets, options listFlag
	body := fs.String("body", "", "the payload: a file, or - for standard input (default: a sample event of the provider)")
	target := fs.String("url", "", "where the delivery is sent, and what URL-signing providers sign")
	fs.Var(&secrets, "secret", "the route's secret (repeatable; for public-key schemes the private key, PEM)")
	fs.Var(&options, "option", "a provider option key=value (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: %s %s %s\n", e.prog, cmd, usage)
		fs.PrintDefaults()
	}
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, "", exitOK
		}
		return nil, "", exitUsage
	}
	rest := fs.Args()
	if name == "" && len(rest) > 0 {
		name, rest = rest[0], rest[1:]
		if err := fs.Parse(rest); err != nil {
			return nil, "", exitUsage
		}
		rest = fs.Args()
	}
	if name == "" {
		fs.Usage()
		return nil, "", exitUsage
	}
	if len(rest) > 0 {
		return nil, "", e.usageErr("unexpected argument %q", rest[0])
	}
	d, ok := e.lookupProvider(name)
	if !ok {
		return nil, "", exitUsage
	}
	if needURL && *target == "" {
		return nil, "", e.usageErr("%s: --url is required (where to send the delivery)", cmd)
	}
	if len(secrets) == 0 {
		return nil, "", e.usageErr("%s %s: --secret is required (%s)", cmd, d.Name, d.Secret)
	}
	in := provsign.Input{Secrets: secrets, URL: *target, Now: time.Now()}
	for _, o := range options {
		k, v, ok := strings.Cut(o, "=")
		if !ok || k == "" {
			return nil, "", e.usageErr("--option %q: want key=value", o)
		}
		if in.Options == nil {
			in.Options = map[string]string{}
		}
		in.Options[k] = v
	}
	if *body != "" {
		var b []byte
		var err error
		if *body == "-" {
			b, err = io.ReadAll(io.LimitReader(e.stdin, 64<<20))
		} else {
			b, err = os.ReadFile(*body)
		}
		if err != nil {
			return nil, "", e.usageErr("--body: %v", err)
		}
		in.Body = b
	}
	req, err := provsign.Sign(d.Name, in)
	if err != nil {
		return nil, "", e.usageErr("%v", err)
	}
	e.routeHint(d.Name, in)
	return req, d.Name, exitOK
}

// routeHint tells, on stderr, what a route needs that differs from the
// given secret: a public key, or a certificate only tests can serve.
func (e *env) routeHint(name string, in provsign.Input) {
	if !provsign.SignsWithPrivateKey(name) {
		return
	}
	rt, err := provsign.RouteFor(name, in)
	if err != nil {
		return
	}
	if rt.RemoteURL == "" && len(rt.Secrets) > 0 {
		e.errorf("%s: configure the route with the public key of this private key: %s", name, rt.Secrets[0])
	}
	if n := provsign.Note(name); rt.RemoteURL != "" && n != "" {
		e.errorf("%s", n)
	}
}

func signCmd(e *env, args []string) int {
	req, _, code := e.signArgs("sign", signUsage, args, false)
	if req == nil {
		return code
	}
	if err := req.WriteText(e.stdout); err != nil {
		e.errorf("%v", err)
		return exitFail
	}
	// On a terminal, end the line the body leaves open (a pipe gets the
	// request byte for byte).
	if f, ok := e.stdout.(*os.File); ok && len(req.Body) > 0 && !bytes.HasSuffix(req.Body, []byte("\n")) {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintln(f)
		}
	}
	return exitOK
}

// client sends deliveries as a provider does: bounded, no redirects.
var client = &http.Client{
	Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

func sendCmd(e *env, args []string) int {
	req, name, code := e.signArgs("send", sendUsage, args, true)
	if req == nil {
		return code
	}
	hr, err := req.HTTPRequest()
	if err != nil {
		return e.usageErr("%v", err)
	}
	resp, err := client.Do(hr)
	if err != nil {
		e.errorf("send %s: %v", name, err)
		return exitFail
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	fmt.Fprintf(e.stdout, "%s %s\n", resp.Proto, resp.Status)
	e.stdout.Write(b)
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n")) {
		fmt.Fprintln(e.stdout)
	}
	if err != nil {
		e.errorf("reading the answer: %v", err)
		return exitFail
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return exitFail
	}
	return exitOK
}
