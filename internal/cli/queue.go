package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/hookstile/hookstile/queue"
)

const queueUsage = "ls|show|replay|drop <dir|redis-url> [<id>...|--all]"

// queueCmd works on a queue's events, safely while a gateway runs on it:
//
//	queue ls     <dir>                 one line per event
//	queue show   <dir> <id>            one event, its headers and body
//	queue replay <dir> <id>...|--all   dead letters back to pending (same webhook-id)
//	queue drop   <dir> <id>...|--all   delete pending or dead events (--all: every dead letter)
//
// An id is a webhook-id or the key ls prints.
func queueCmd(e *env, args []string) int {
	usage := func() int {
		return e.usageErr("usage: %s queue %s", e.prog, queueUsage)
	}
	if len(args) < 2 {
		return usage()
	}
	sub, target, rest := args[0], args[1], args[2:]
	all := false
	var ids []string
	for _, a := range rest {
		switch {
		case a == "--all" || a == "-all":
			all = true
		case strings.HasPrefix(a, "-"):
			return e.usageErr("queue %s: unknown flag %q", sub, a)
		default:
			ids = append(ids, a)
		}
	}
	switch sub {
	case "ls", "show", "replay", "drop":
	default:
		msg := fmt.Sprintf("unknown queue command %q", sub)
		if s := nearest(sub, []string{"ls", "show", "replay", "drop"}); s != "" {
			msg += "; did you mean " + s + "?"
		}
		e.errorf("%s", msg)
		return usage()
	}
	if sub == "ls" && (len(ids) > 0 || all) {
		return e.usageErr("usage: %s queue ls <dir|redis-url>", e.prog)
	}
	if sub == "show" && (len(ids) != 1 || all) {
		return e.usageErr("usage: %s queue show <dir|redis-url> <id>", e.prog)
	}
	if (sub == "replay" || sub == "drop") && (len(ids) == 0) == !all {
		return e.usageErr("usage: %s queue %s <dir|redis-url> <id>...|--all", e.prog, sub)
	}
	b, err := queue.Open(target, queue.SpoolOptions{Existing: true})
	if err != nil {
		e.errorf("%v", err)
		return exitFail
	}
	defer b.Close()
	now := time.Now()
	switch sub {
	case "ls":
		return queueLs(e, b, now)
	case "show":
		return queueShow(e, b, ids[0], now)
	case "replay":
		n, err := b.Replay(ids, all, now)
		fmt.Fprintf(e.stdout, "%d replayed\n", n)
		if err != nil {
			e.errorf("%v", err)
			return exitFail
		}
	case "drop":
		n, err := b.Drop(ids, all, now)
		fmt.Fprintf(e.stdout, "%d dropped\n", n)
		if err != nil {
			e.errorf("%v", err)
			return exitFail
		}
	}
	return exitOK
}

// queueLs prints one line per event: state, webhook-id, provider, type,
// subject, attempts, next attempt, last error.
func queueLs(e *env, b queue.Backend, now time.Time) int {
	ents, err := b.List(now)
	if err != nil {
		e.errorf("%v", err)
		return exitFail
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tWEBHOOK-ID\tPROVIDER\tTYPE\tSUBJECT\tATTEMPTS\tNEXT\tLAST ERROR")
	for _, en := range ents {
		if en.Record == nil {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\t-\t-\t-\tunreadable: %s\n", en.State, en.Key, oneLine(fmt.Sprint(en.Err)))
			continue
		}
		r := en.Record
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", en.State, r.ID, r.Provider, dash(r.Type), dash(oneLine(r.Subject)),
			r.Attempts, nextAttempt(en, now), dash(oneLine(r.LastError)))
	}
	tw.Flush()
	return exitOK
}

// nextAttempt says when a pending event is tried next.
func nextAttempt(en queue.Entry, now time.Time) string {
	switch en.State {
	case queue.StateInFlight:
		return "now"
	case queue.StateDead:
		return "-"
	}
	d := en.Record.Next.Sub(now)
	if d <= 0 {
		return "due"
	}
	return "in " + d.Round(time.Second).String()
}

func queueShow(e *env, b queue.Backend, id string, now time.Time) int {
	ents, err := b.List(now)
	if err != nil {
		e.errorf("%v", err)
		return exitFail
	}
	shown := 0
	for _, en := range ents {
		if en.Key != id && (en.Record == nil || en.Record.ID != id) {
			continue
		}
		if shown > 0 {
			fmt.Fprintln(e.stdout)
		}
		shown++
		showEntry(e, en, now)
	}
	if shown == 0 {
		e.errorf("no event %s in %s", id, "the queue")
		return exitFail
	}
	return exitOK
}

func showEntry(e *env, en queue.Entry, now time.Time) {
	w := e.stdout
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-13s %s\n", k+":", v)
		}
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	line("state", en.State)
	line("key", en.Key)
	if en.Record == nil {
		line("error", fmt.Sprint(en.Err))
		return
	}
	r := en.Record
	line("webhook-id", r.ID)
	line("provider", r.Provider)
	line("type", r.Type)
	line("subject", oneLine(r.Subject))
	line("source", r.Source)
	line("url", r.URL)
	line("created", ts(r.Created))
	line("queued", ts(r.Queued))
	if r.Merged > 0 {
		line("merged", strconv.Itoa(r.Merged)+" earlier events")
	}
	line("attempts", strconv.Itoa(r.Attempts))
	if en.State == queue.StatePending {
		line("next", ts(r.Next)+" ("+nextAttempt(en, now)+")")
	}
	if en.State == queue.StateInFlight {
		line("lease until", ts(en.Until))
	}
	line("last attempt", ts(r.LastAttempt))
	if r.LastStatus != 0 {
		line("last status", strconv.Itoa(r.LastStatus))
	}
	line("last error", oneLine(r.LastError))
	line("died", ts(r.Died))
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			fmt.Fprintf(w, "%s: %s\n", k, v)
		}
	}
	fmt.Fprintln(w)
	if utf8.Valid(r.Body) {
		w.Write(r.Body)
		if len(r.Body) > 0 && r.Body[len(r.Body)-1] != '\n' {
			fmt.Fprintln(w)
		}
	} else {
		fmt.Fprintf(w, "(%d bytes, not text)\n", len(r.Body))
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine keeps a value on its line (subjects and errors come from outside).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}
