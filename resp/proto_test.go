package resp

import (
	"bufio"
	"errors"
	"strings"
	"testing"
)

func TestReadReply(t *testing.T) {
	cases := []struct {
		in   string
		want Reply
	}{
		{"+OK\r\n", Reply{Kind: KindString, Str: "OK"}},
		{"-ERR bad\r\n", Reply{Kind: KindError, Str: "ERR bad"}},
		{":-42\r\n", Reply{Kind: KindInteger, Int: -42}},
		{"$5\r\nhe\r\no\r\n", Reply{Kind: KindBulk, Str: "he\r\no"}},
		{"$0\r\n\r\n", Reply{Kind: KindBulk, Str: ""}},
		{"$-1\r\n", Reply{Kind: KindBulk, Nil: true}},
		{"*-1\r\n", Reply{Kind: KindArray, Nil: true}},
	}
	for _, c := range cases {
		got, err := readReply(bufio.NewReader(strings.NewReader(c.in)), 0)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got.Kind != c.want.Kind || got.Str != c.want.Str || got.Int != c.want.Int || got.Nil != c.want.Nil || len(got.Array) != 0 {
			t.Errorf("%q: got %+v, want %+v", c.in, got, c.want)
		}
	}
	got, err := readReply(bufio.NewReader(strings.NewReader("*3\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n+s\r\n")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Array) != 3 || got.Array[0].Int != 1 || len(got.Array[1].Array) != 2 ||
		got.Array[1].Array[0].Str != "x" || !got.Array[1].Array[1].Nil || got.Array[2].Str != "s" {
		t.Errorf("nested array: %+v", got)
	}
}

func TestReadReplyRejects(t *testing.T) {
	bad := []string{
		"",
		"\r\n",
		"+OK\n",
		"?what\r\n",
		":12x\r\n",
		"$-2\r\n",
		"$99999999999\r\n",
		"$3\r\nab\r\n",
		"$3\r\nabcde",
		"*2\r\n:1\r\n",
		"*9999999999\r\n",
		strings.Repeat("*1\r\n", 20) + ":1\r\n",
		"+" + strings.Repeat("a", 70000) + "\r\n",
	}
	for _, in := range bad {
		_, err := readReply(bufio.NewReaderSize(strings.NewReader(in), 16<<10), 0)
		if err == nil {
			t.Errorf("%.40q accepted", in)
		}
	}
	_, err := readReply(bufio.NewReader(strings.NewReader("?x\r\n")), 0)
	if !errors.Is(err, ErrProtocol) {
		t.Errorf("unknown type: %v does not wrap ErrProtocol", err)
	}
}

func TestAppendCommand(t *testing.T) {
	got := string(appendCommand(nil, []string{"SET", "k", "a\r\nb", ""}))
	want := "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n$0\r\n\r\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
