package celltag

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		value   string
		want    Tag
		problem Problem
	}{
		{"", Tag{Tag: -1, Decl: -1}, 0},
		{"qty", Tag{Name: "qty", Tag: -1, Decl: -1}, 0},
		{",tag", Tag{IsTag: true, Tag: -1, Decl: -1}, 0},
		{"Fill,tag=5", Tag{Name: "Fill", Tag: 5, Decl: -1}, 0},
		{"legs,decl=2", Tag{Name: "legs", Tag: -1, Decl: 2}, 0},
		{",,decl=0,", Tag{Tag: -1, Decl: 0}, 0},
		{"x,decl=one", Tag{}, BadNumber},
		{"x,decl=65536", Tag{}, BadNumber},
		{"x,tag=4294967296", Tag{}, BadNumber},
		{"x,decl=1,decl=2", Tag{}, Twice},
		{"x,tag,tag", Tag{}, Twice},
		{"x,dec=2", Tag{}, Unknown},
		{"x,omitempty", Tag{}, Unknown},
		{"side,enum=0-1", Tag{Name: "side", Tag: -1, Decl: -1, Enum: Set{{0, 1}}}, 0},
		{",enum=3|7-9|4294967295", Tag{Tag: -1, Decl: -1, Enum: Set{{3, 3}, {7, 9}, {4294967295, 4294967295}}}, 0},
		{"x,enum=", Tag{}, BadNumber},
		{"x,enum=2-1", Tag{}, BadNumber},
		{"x,enum=0||1", Tag{}, BadNumber},
		{"x,enum=0-4294967296", Tag{}, BadNumber},
		{"x,enum=0-1,enum=2", Tag{}, Twice},
		{"x,enum", Tag{}, Unknown},
	} {
		got, err := Parse(tc.value)
		var e *Error
		switch {
		case tc.problem == 0 && err != nil:
			t.Errorf("Parse(%q): %v", tc.value, err)
		case tc.problem == 0 && !reflect.DeepEqual(got, tc.want):
			t.Errorf("Parse(%q) = %+v, want %+v", tc.value, got, tc.want)
		case tc.problem != 0 && (!errors.As(err, &e) || e.Problem != tc.problem):
			t.Errorf("Parse(%q): error %v, want problem %d", tc.value, err, tc.problem)
		}
	}
}

func TestSet(t *testing.T) {
	tag, err := Parse(",enum=3|7-9")
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[uint32]bool{0: false, 3: true, 4: false, 6: false, 7: true, 8: true, 9: true, 10: false} {
		if tag.Enum.Has(v) != want {
			t.Errorf("Has(%d) = %v, want %v", v, !want, want)
		}
	}
	if got := tag.Enum.String(); got != "3|7-9" {
		t.Errorf("String() = %q, want %q", got, "3|7-9")
	}
}

func TestErrorText(t *testing.T) {
	for value, want := range map[string]string{
		"x,enum=2-1": `bad tag set "2-1" in struct tag "x,enum=2-1" (enum=SET takes the tags of a fieldless enum's variants: decimal numbers and ranges A-B below 2^32, joined by |, e.g. enum=0-2)`,
		"x,dec=2":    `unknown option "dec=2" in struct tag "x,dec=2" (the runtime knows tag, tag=N, decl=N and enum=SET)`,
	} {
		if _, err := Parse(value); err == nil || err.Error() != want {
			t.Errorf("Parse(%q): %v, want %s", value, err, want)
		}
	}
}

// TestMisplaced: tag=N belongs to a variants struct's fields only, and a
// _ field takes no decl=N; a field's name, ",tag" and decl=N on a named
// field are in place.
func TestMisplaced(t *testing.T) {
	for _, tc := range []struct {
		value   string
		padding bool
		want    string // a substring; "" for in place
	}{
		{"qty,decl=1", false, ""},
		{",tag", false, ""},
		{"", true, ""},
		{",tag=3", false, "tag=N is for the fields of a cell.Enum's variants struct, not for a field of T"},
		{",decl=0", true, "a _ field of T is padding"},
		{",tag=1", true, "tag=N is for"},
	} {
		tag, err := Parse(tc.value)
		if err != nil {
			t.Fatal(err)
		}
		got := tag.Misplaced("T", tc.padding)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("Misplaced(%q, padding %v) = %q, want %q", tc.value, tc.padding, got, tc.want)
		}
	}
}

// TestSetEqual: sets are equal when they hold the same tags, whatever
// their ranges; SetOf merges adjacent tags.
func TestSetEqual(t *testing.T) {
	if got := SetOf([]uint32{2, 0, 1, 5}).String(); got != "0-2|5" {
		t.Errorf("SetOf = %q, want 0-2|5", got)
	}
	parse := func(s string) Set {
		tag, err := Parse(",enum=" + s)
		if err != nil {
			t.Fatal(err)
		}
		return tag.Enum
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"0-1", "0|1", true},
		{"1|0", "0-1", true},
		{"0-3", "0-1|2-3", true},
		{"0-4294967295", "0-4294967295", true},
		{"0-1", "0-2", false},
		{"0|2", "0-2", false},
	} {
		if got := parse(tc.a).Equal(parse(tc.b)); got != tc.want {
			t.Errorf("%s.Equal(%s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
