package celltag

import (
	"errors"
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
	} {
		got, err := Parse(tc.value)
		var e *Error
		switch {
		case tc.problem == 0 && err != nil:
			t.Errorf("Parse(%q): %v", tc.value, err)
		case tc.problem == 0 && got != tc.want:
			t.Errorf("Parse(%q) = %+v, want %+v", tc.value, got, tc.want)
		case tc.problem != 0 && (!errors.As(err, &e) || e.Problem != tc.problem):
			t.Errorf("Parse(%q): error %v, want problem %d", tc.value, err, tc.problem)
		}
	}
}
