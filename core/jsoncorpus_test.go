package core

import "strings"

// jsonCorpus exercises every branch of the compiled parsers, valid or not;
// the pickJSON tests run it in both modes.
var jsonCorpus = []string{
	`{}`, ` {} `, "\t{\n}\r\n", `{"a":1}`, `{"a":-0.5e+10,"b":0,"c":-0,"d":1E3,"e":12.25}`,
	`{"a":"x","a":"y"}`, `{"a":[],"b":{},"c":[1,"2",true,false,null,{"d":[[]]}]}`,
	`{"s":"h\u00e9llo \"q\" \\ \/ \b\f\n\r\t \ud83d\ude00"}`, `{"s":"caf` + "\xc3\xa9" + `"}`,
	`{"s":"bad` + "\xff\xfe" + `utf8"}`, `{"s":"\ud800"}`, `{"s":"\udc00x"}`, `{"` + "k\xe9" + `":1}`,
	`{"s":"ctl` + "\x01" + `"}`, `{"s":"tab` + "\t" + `"}`, `{"s":"\x"}`, `{"s":"\u12"}`, `{"s":"unterminated}`,
	`{"s":"\"}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":1e+}`, `{"a":+1}`,
	`{"a":tru}`, `{"a":truex}`, `{"a":nul}`, `{"a":NaN}`, `{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{"a":}`,
	`{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":1}x`, `{"a":1} {}`, `{"a":1}}`, `{} ,`, `[]`,
	`null`, `"s"`, `1`, ``, ` `, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":[`, "\xef\xbb\xbf{}", `{1:2}`,
	`{"a":{"b":{"c":"d"}}}`, `{"a":1e400}`, `{"a":-12345678901234567890}`, `{"\u0000":"\u0000"}`,
	strings.Repeat(`{"a":`, maxJSONDepth-1) + `1` + strings.Repeat(`}`, maxJSONDepth-1),
	strings.Repeat(`{"a":`, maxJSONDepth) + `1` + strings.Repeat(`}`, maxJSONDepth),
	strings.Repeat(`{"a":`, maxJSONDepth+1) + `1` + strings.Repeat(`}`, maxJSONDepth+1),
	`{"a":` + strings.Repeat(`[`, maxJSONDepth-1) + strings.Repeat(`]`, maxJSONDepth-1) + `}`,
	`{"a":` + strings.Repeat(`[`, maxJSONDepth) + strings.Repeat(`]`, maxJSONDepth) + `}`,
}
