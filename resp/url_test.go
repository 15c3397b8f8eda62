package resp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		in   string
		want Options
	}{
		{"redis://127.0.0.1:6379", Options{Addr: "127.0.0.1:6379"}},
		{"redis://localhost", Options{Addr: "localhost:6379"}},
		{"redis://localhost/3", Options{Addr: "localhost:6379", DB: 3}},
		{"redis://:pw@10.0.0.5:6380/0", Options{Addr: "10.0.0.5:6380", Password: "pw"}},
		{"redis://pwonly@h:1", Options{Addr: "h:1", Password: "pwonly"}},
		{"redis://alice:p%40ss@h:1/2", Options{Addr: "h:1", Username: "alice", Password: "p@ss", DB: 2}},
		{"rediss://h:6380", Options{Addr: "h:6380", TLS: true}},
		{"rediss://h:6380?ca_file=/etc/ca.pem", Options{Addr: "h:6380", TLS: true, CAFile: "/etc/ca.pem"}},
		{"redis://[::1]:7000", Options{Addr: "[::1]:7000"}},
		{"redis://h:1?timeout=100ms&pool_size=4", Options{Addr: "h:1", DialTimeout: 100 * time.Millisecond, ReadTimeout: 100 * time.Millisecond, WriteTimeout: 100 * time.Millisecond, PoolSize: 4}},
		{"redis://h:1?read_timeout=1s&dial_timeout=3s&write_timeout=4s&pool_timeout=5s", Options{Addr: "h:1", ReadTimeout: time.Second, DialTimeout: 3 * time.Second, WriteTimeout: 4 * time.Second, PoolTimeout: 5 * time.Second}},
	}
	for _, c := range cases {
		o, err := ParseURL(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		w := c.want
		if w.DialTimeout == 0 {
			w.DialTimeout = DefaultDialTimeout
		}
		if w.ReadTimeout == 0 {
			w.ReadTimeout = DefaultReadTimeout
		}
		if w.WriteTimeout == 0 {
			w.WriteTimeout = DefaultWriteTimeout
		}
		if w.PoolSize == 0 {
			w.PoolSize = DefaultPoolSize
		}
		if w.PoolTimeout == 0 {
			w.PoolTimeout = DefaultPoolTimeout
		}
		if *o != w {
			t.Errorf("%s:\n got %+v\nwant %+v", c.in, *o, w)
		}
	}
}

func TestParseURLRejects(t *testing.T) {
	const pw = "hunter2-secret"
	bad := []string{
		"http://h:1",
		"redis:///0",
		"redis://:" + pw + "@h:99999",
		"redis://:" + pw + "@h:1/x",
		"redis://:" + pw + "%zz@h:1",
		"redis://:" + pw + "@h:1?insecure_skip_verify=true",
		"rediss://:" + pw + "@h:1?insecure_skip_verify=1",
		"redis://:" + pw + "@h:1?ca_file=/x",
		"redis://h:1?timeout=0",
		"redis://h:1?timeout=-1s",
		"redis://h:1?pool_size=0",
		"redis://h:1?pool_size=100000",
		"redis:opaque",
		"",
	}
	for _, in := range bad {
		_, err := ParseURL(in)
		if err == nil {
			t.Errorf("%q accepted", in)
			continue
		}
		if !errors.Is(err, ErrBadURL) {
			t.Errorf("%q: %v does not wrap ErrBadURL", in, err)
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("%q: error shows the password: %v", in, err)
		}
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"redis://:pw@h:1/2":         "redis://:xxxxx@h:1/2",
		"rediss://u:pw@h:1":         "rediss://u:xxxxx@h:1/0",
		"redis://h:1":               "redis://h:1/0",
		"redis://:p%zz@h:1":         "redis://xxxxx@h:1",
		"redis://pw@h:1?timeout=1s": "redis://:xxxxx@h:1/0",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
