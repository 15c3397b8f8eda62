package oracle

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	// discordgo is a community library, not Discord's own (Discord publishes
	// no Go SDK); it is the most widely used Go one, and its
	// VerifyInteraction follows Discord's documented check.
	"github.com/bwmarrin/discordgo"

	"github.com/hookstile/hookstile/core"
)

// A key generated here signs as Discord does (Ed25519 over timestamp ‖
// body); discordgo.VerifyInteraction and core must agree on every request.
func TestDiscordAgreesWithDiscordgo(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	sign := func(k ed25519.PrivateKey, ts, body string) string {
		return hex.EncodeToString(ed25519.Sign(k, []byte(ts+body)))
	}
	body := `{"id":"1180000000000000000","application_id":"1","type":2,"guild_id":"g1","data":{"name":"ping"}}`
	ping := `{"id":"1180000000000000001","application_id":"1","type":1}`
	now := strconv.FormatInt(time.Now().Unix(), 10)
	earlier := strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)
	good := sign(priv, now, body)
	cases := []struct {
		name, ts, body, sig string
		ok                  bool
	}{
		{"valid command", now, body, good, true},
		{"valid PING", now, ping, sign(priv, now, ping), true},
		{"tampered body", now, strings.Replace(body, `"ping"`, `"pong"`, 1), good, false},
		{"timestamp not the signed one", earlier, body, good, false},
		{"other key", now, body, sign(otherPriv, now, body), false},
		{"truncated signature", now, body, good[:len(good)-2], false},
		{"not hex", now, body, strings.Repeat("zz", ed25519.SignatureSize), false},
		{"missing signature", now, body, "", false},
		{"missing timestamp", "", body, sign(priv, "", body), false},
	}
	secret := hex.EncodeToString(pub)
	// Duplicate detection is off: the same request goes to both verifiers
	// and several cases share a body.
	v, err := core.New(core.Config{Provider: "discord", Secrets: []string{secret}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		mk := func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			if c.sig != "" {
				r.Header.Set(core.HeaderDiscordSignature, c.sig)
			}
			if c.ts != "" {
				r.Header.Set(core.HeaderDiscordTimestamp, c.ts)
			}
			return r
		}
		dg := discordgo.VerifyInteraction(mk(), pub)
		o, cerr := v.Inspect(mk())
		if dg != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: discordgo %v, core %v, want ok=%v", c.name, dg, cerr, c.ok)
		}
		if cerr != nil && v.Status(cerr) != http.StatusUnauthorized {
			t.Errorf("%s: core rejects with %d, Discord requires 401", c.name, v.Status(cerr))
		}
		// A verified PING is answered at the edge with {"type":1}.
		if cerr == nil && c.body == ping && (o.Reply == nil || !o.Handshake || strings.TrimSpace(string(o.Reply.Body)) != `{"type":1}`) {
			t.Errorf("%s: PING not answered at the edge: %+v", c.name, o)
		}
	}
	// discordgo checks no timestamp window; core requires 5 minutes. An
	// hour-old but validly signed interaction: discordgo accepts the
	// signature, core rejects it, with 401.
	old := strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10)
	mk := func() *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set(core.HeaderDiscordSignature, sign(priv, old, body))
		r.Header.Set(core.HeaderDiscordTimestamp, old)
		return r
	}
	if !discordgo.VerifyInteraction(mk(), pub) {
		t.Error("discordgo rejects a valid hour-old signature")
	}
	if _, err := inspect(t, core.Config{Provider: "discord", Secrets: []string{secret}}, mk()); err == nil {
		t.Error("core accepted an hour-old Discord interaction")
	}
}
