package lockfile

import (
	"reflect"
	"testing"
)

// fill sets every field of the value v points to, recursively, to a
// value that is not the zero value, different for every field.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + string(rune('A'+*n/26%26)))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint64:
		v.SetUint(uint64(*n) << 40)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n)
		v.Set(p)
	default:
		panic("fill: add " + v.Kind().String())
	}
}

// TestEntryCoversModel: a cell with every field of the model set comes
// back from its entry equal, so a field added to the model and not to
// the entry encoding fails here.
func TestEntryCoversModel(t *testing.T) {
	var c Cell
	n := 0
	fill(reflect.ValueOf(&c).Elem(), &n)
	got, err := decodeCell(encodeCell(&c))
	if err != nil || !reflect.DeepEqual(got, &c) {
		t.Fatalf("round trip: %v\ngot  %+v\nwant %+v", err, got, &c)
	}
	names := []string{"a", "b-c", ""}
	if got, err := decodeNames(encodeNames(names)); err != nil || !reflect.DeepEqual(got, names) {
		t.Fatalf("names: %v %v", got, err)
	}
}

// FuzzDecodeEntry: decoding any bytes gives a cell or an error, never a
// panic or an allocation larger than the input allows; a cell decoded
// round-trips through its encoding.
func FuzzDecodeEntry(f *testing.F) {
	l, err := Load(exampleLock)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range l.Cells {
		e := encodeCell(c)
		f.Add(e)
		f.Add(e[:len(e)/2])
	}
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeCell(data)
		if err == nil {
			if again, err := decodeCell(encodeCell(c)); err != nil || !reflect.DeepEqual(again, c) {
				t.Fatalf("a decoded cell does not survive its own encoding: %v", err)
			}
		}
		decodeNames(data)
	})
}
