package normalize

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// checkParse compares parseFast with encoding/json: when parseFast answers,
// encoding/json must decode the same bytes to the same value.
func checkParse(body []byte) error {
	fast, ok := parseFast(body)
	if !ok {
		return nil
	}
	std, err := decodeStd(body)
	if err != nil {
		return fmt.Errorf("parseFast accepted what encoding/json refuses (%v)", err)
	}
	if !reflect.DeepEqual(fast, std) {
		return fmt.Errorf("parseFast decoded %#v, encoding/json %#v", fast, std)
	}
	return nil
}

func TestParseFast(t *testing.T) {
	for _, tt := range []struct {
		body string
		fast bool // parseFast must answer (true) or must leave it to encoding/json
	}{
		{`{"a":"b","n":-12.5e+3,"t":true,"f":false,"z":null,"l":[],"o":{},"m":[1,[2],{"x":"é"}]}`, true},
		{" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : 0 } \n", true},
		{`{"a":1,"a":1}`, false}, {`{"o":{"a":1,"a":2}}`, false},
		{`"s"`, true}, {`0`, true}, {`-0.0E-0`, true}, {`[]`, true}, {`null`, true},
		{`{"a":"\n"}`, false}, {`{"a":"\u00e9"}`, false}, {"{\"a\":\"\x01\"}", false}, {"{\"a\":\"\xff\"}", false},
		{"{\"\xed\xa0\x80\":1}", false}, {`{"a":01}`, false}, {`{"a":1.}`, false}, {`{"a":.5}`, false},
		{`{"a":1e}`, false}, {`{"a":-}`, false}, {`{"a":+1}`, false}, {`{"a":1,}`, false}, {`{,}`, false},
		{`{"a" 1}`, false}, {`{"a":tru}`, false}, {`{"a":truex}`, false}, {`{"a":nul`, false}, {`[1 2]`, false},
		{`{"a":1}x`, false}, {`{"a":1}{}`, false}, {``, false}, {` `, false}, {"\ufeff{}", false},
		{strings.Repeat("[", maxFastDepth) + strings.Repeat("]", maxFastDepth), true},
		{strings.Repeat("[", maxFastDepth+1) + strings.Repeat("]", maxFastDepth+1), false},
		{`{"a":[1,{"b":[]}],"c":2}`, true}, {`[{"a":1},{"a":2}]`, true}, {`[1,]`, false}, {`{"a":1 `, false},
	} {
		if _, ok := parseFast([]byte(tt.body)); ok != tt.fast {
			t.Errorf("%q: parseFast ok = %t, want %t", tt.body, ok, tt.fast)
		}
		if err := checkParse([]byte(tt.body)); err != nil {
			t.Errorf("%q: %v", tt.body, err)
		}
	}
}
