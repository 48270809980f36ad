package cell

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// walker reads a value as a plain tree (strings, []any, nil for None...),
// either as built (views resolved through b) or as received (views read
// with their methods, every address checked to lie in [lo, hi)).
type walker struct {
	b      *Buffer // built mode when non-nil
	lo, hi uintptr // received mode: the payload's memory
}

type enumVal struct {
	Variant string
	Value   any
}

func (w *walker) in(p unsafe.Pointer, n int) {
	if w.b != nil || n == 0 {
		return
	}
	if a := uintptr(p); a < w.lo || a+uintptr(n) > w.hi {
		panic(fmt.Sprintf("view read at %#x+%d outside the payload [%#x, %#x)", a, n, w.lo, w.hi))
	}
}

func viewName(t reflect.Type) string {
	if t.PkgPath() != viewPkg {
		return ""
	}
	name, _, _ := strings.Cut(t.Name(), "[")
	return name
}

// method calls a view method by name on the view at p.
func method(t reflect.Type, p unsafe.Pointer, name string, args ...reflect.Value) reflect.Value {
	return reflect.NewAt(t, p).MethodByName(name).Call(args)[0]
}

func (w *walker) walk(t reflect.Type, p unsafe.Pointer) any {
	w.in(p, int(t.Size()))
	switch viewName(t) {
	case "String":
		if w.b != nil {
			o, why := w.b.stringOf((*String)(p))
			if why != "" {
				panic(why)
			}
			if o == nil {
				return ""
			}
			return string(w.b.arena[o.off : o.off+o.n])
		}
		s := (*String)(p)
		bs := s.Bytes()
		w.in(unsafe.Pointer(unsafe.SliceData(bs)), len(bs))
		if len(bs) != s.Len() || string(bs) != s.String() {
			panic("String.Bytes, Len and String disagree")
		}
		return string(bs)
	case "Vec":
		return w.vec(t, p)
	case "Box":
		et := reflectZero(t).(elemTyper).elemType()
		if w.b != nil {
			q, why := w.b.boxOf(*(*int32)(p), planFor(et))
			if why != "" {
				panic(why)
			}
			if q == nil {
				q = unsafe.Pointer(&zeroBlock)
			}
			return []any{"box", w.walk(et, q)}
		}
		return []any{"box", w.walk(et, method(t, p, "Get").UnsafePointer())}
	case "Option":
		if *(*uint8)(p) == 0 {
			return nil
		}
		f, _ := t.FieldByName("Value")
		return []any{"some", w.walk(f.Type, unsafe.Add(p, f.Offset))}
	case "Enum":
		ep := enumPlanFor(t)
		tag := int(method(t, p, "Tag").Int())
		va := ep.find(uint32(tag))
		return enumVal{va.name, w.walk(va.typ, p)}
	case "Char":
		return *(*uint32)(p)
	}
	switch t.Kind() {
	case reflect.Struct:
		var out []any
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" {
				out = append(out, w.walk(f.Type, unsafe.Add(p, f.Offset)))
			}
		}
		return out
	case reflect.Array:
		out := []any{}
		for i := range t.Len() {
			out = append(out, w.walk(t.Elem(), unsafe.Add(p, uintptr(i)*t.Elem().Size())))
		}
		return out
	}
	return reflect.NewAt(t, p).Elem().Interface()
}

func (w *walker) vec(t reflect.Type, p unsafe.Pointer) any {
	et := reflectZero(t).(elemTyper).elemType()
	var base unsafe.Pointer
	var n int
	if w.b != nil {
		var why viewError
		base, n, why = w.b.vecOf(*(*[2]uint32)(p), planFor(et))
		if why != "" {
			panic(why)
		}
	} else {
		n = int(method(t, p, "Len").Int())
		sl := method(t, p, "Slice")
		if sl.Len() != n {
			panic("Vec.Slice and Len disagree")
		}
		if n > 0 {
			base = sl.UnsafePointer()
			w.in(base, n*int(et.Size()))
			if at := method(t, p, "At", reflect.ValueOf(n-1)).UnsafePointer(); at != unsafe.Add(base, (n-1)*int(et.Size())) {
				panic("Vec.At and Slice disagree")
			}
		}
	}
	out := []any{}
	for i := range n {
		out = append(out, w.walk(et, unsafe.Add(base, i*int(et.Size()))))
	}
	return out
}

// built and received read a value of T as a tree.
func built[T any](b *Buffer, v *T) any {
	return (&walker{b: b}).walk(reflect.TypeFor[T](), unsafe.Pointer(v))
}

func received(t reflect.Type, root unsafe.Pointer, payload []byte) any {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(payload)))
	return (&walker{lo: lo, hi: lo + uintptr(len(payload))}).walk(t, root)
}
