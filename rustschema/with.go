package rustschema

import (
	"fmt"
	"slices"
	"strings"
)

// rkyv's with-wrappers replace a field's archived form. Each wrapper rkyv
// ships whose archived form is fixed is described here by the type whose
// archived form it produces: #[rkyv(with = InlineAsBox)] on &[u8] is
// archived as Box<[u8]>, Skip as (), Niche on Option<Box<T>> as Box<T>
// (ArchivedOptionBox is a relative pointer that may be null). The rules
// follow rkyv 0.7.45's src/with and 0.8.18's src/with.rs and
// src/impls/*/with.rs.

// ArchivedType returns the type whose archived form is the field's under
// rkyv version rkyv ("0.7" or "0.8"): its type when it has no wrappers,
// else what the wrappers make of it. A wrapper rkyv does not ship in that
// version, does not implement for the field's type, or whose archived
// form depends on user code is an error at the field's position.
func (f *Field) ArchivedType(rkyv string) (*Type, error) {
	t, msg := archivedType(f.Type, f.With, rkyv)
	if msg != "" {
		return nil, &Error{Pos: f.Pos, Msg: "field " + f.Name + ": " + msg}
	}
	return t, nil
}

func archivedType(t *Type, with []string, rkyv string) (*Type, string) {
	switch {
	case len(with) == 2 && rkyv == "0.7" && with[0] == "CopyOptimize" && with[1] == "RefAsBox":
		// rkyv 0.7 applies the last wrapper first: With<With<&[T],
		// RefAsBox>, CopyOptimize>, the one chain rkyv implements.
		if t.Kind == Ref && t.Args[0].Kind == Slice {
			return mkType(Box, "", t, t.Args[0]), ""
		}
		return nil, "with-wrappers CopyOptimize, RefAsBox apply to &[T], not " + t.String()
	case len(with) > 1 && rkyv == "0.8":
		return nil, fmt.Sprintf("rkyv 0.8 takes one with-wrapper per field; with = (%s) is a tuple type, not a wrapper", strings.Join(with, ", "))
	case len(with) > 1:
		return nil, fmt.Sprintf("with-wrappers %s cannot be chained: rkyv implements no wrapper over another's output but CopyOptimize over RefAsBox", strings.Join(with, ", "))
	case len(with) == 1:
		var msg string
		if t, msg = applyWith(with[0], t, rkyv); msg != "" {
			return nil, msg
		}
	}
	if msg := borrowed(t); msg != "" {
		return nil, msg
	}
	return t, ""
}

// checkBorrows reports the fields holding a reference or a type archived
// only through a wrapper (Cow, Mutex, ...) without any wrapper. Whether
// the wrappers apply to the type is checked by the layout engine: the
// fingerprint records them as written (vector differs-with).
func (r *resolver) checkBorrows(defs []*TypeDef) {
	check := func(fs []*Field) {
		for _, f := range fs {
			if msg := borrowed(f.Type); msg != "" && f.With == nil {
				r.errorPos(f.Pos, "field "+f.Name+": "+msg)
			}
		}
	}
	for _, d := range defs {
		check(d.Fields)
		for _, v := range d.Variants {
			check(v.Fields)
		}
	}
}

// borrowed reports a reference or Cow left in t: rkyv archives them only
// through a wrapper.
func borrowed(t *Type) string {
	switch {
	case t.Kind == Ref:
		return "the reference " + t.String() + " is archived only through a with-wrapper: Inline (&T), InlineAsBox, AsString (&str) or AsVec (&[T]) with rkyv 0.8; Inline or RefAsBox with rkyv 0.7"
	case t.Kind == Std && stdByName[t.Name].wrapper != "":
		return t.String() + " is archived only through the with-wrapper " + stdByName[t.Name].wrapper
	case t.Kind == PhantomData: // archived as itself, whatever its argument
		return ""
	}
	for _, a := range t.Args {
		if msg := borrowed(a); msg != "" {
			return msg
		}
	}
	return ""
}

func mkType(k TypeKind, name string, at *Type, args ...*Type) *Type {
	return &Type{Kind: k, Name: name, Args: args, Pos: at.Pos}
}

// notFor is what a rule returns for a field type the wrapper does not
// apply to; applyWith turns it into a message listing what it applies to.
const notFor = "-"

// wrapperRule is what a wrapper does: the versions that ship it, the
// field types it applies to (for messages) and the archived type.
type wrapperRule struct {
	v07, v08 bool
	applies  string
	apply    func(t *Type, args []string, rkyv string) (*Type, string)
}

var wrapperRules map[string]*wrapperRule

func init() { // init: the rules of Map and MapKV apply wrappers recursively
	wrapperRules = map[string]*wrapperRule{
		"Skip":          {true, true, "any field", skip},
		"Identity":      {false, true, "any field", identity},
		"Inline":        {true, true, "&T", inline},
		"InlineAsBox":   {false, true, "&T, &str and &[T]", refAsBox},
		"RefAsBox":      {true, false, "&T, &str and &[T]", refAsBox},
		"AsBox":         {true, true, "any sized owned type", asBox},
		"AsString":      {true, true, "PathBuf, OsString and (rkyv 0.8) &str", asString},
		"AsUnixTime":    {false, true, "SystemTime", unixTime},
		"UnixTimestamp": {true, false, "SystemTime", unixTime},
		"Lock":          {true, true, "Mutex<T> and RwLock<T>", lock},
		"Unsafe":        {true, true, "Cell<T> and UnsafeCell<T>", unsafeCell},
		"AtomicLoad":    {false, true, "atomics", atomic},
		"Atomic":        {true, false, "atomics", atomic},
		"AsVec":         {true, true, "BTreeMap, HashMap, BTreeSet, HashSet and (rkyv 0.8) &[T]", asVec},
		"AsOwned":       {true, true, "Cow<str>, Cow<[T]> and Cow<T>", asOwned},
		"Niche":         {true, true, "Option<Box<T>> and Option<NonZero*>", niche},
		"Map":           {true, true, "Option<T>, Vec<T> and (rkyv 0.8) [T; N]", mapWith},
		"MapKV":         {false, true, "BTreeMap and HashMap", mapKV},
		"Unshare":       {false, true, "Rc<T> and Arc<T>", unshare},
		"CopyOptimize":  {true, false, "Vec<T> and Box<[T]>", copyOptimize},
		"Raw":           {true, false, "Vec<T>", raw},
	}
}

func skip(t *Type, _ []string, _ string) (*Type, string) { return mkType(UnitType, "", t), "" }

func identity(t *Type, _ []string, _ string) (*Type, string) { return t, "" }

func isUnsized(t *Type) bool { return t.Kind == Str || t.Kind == Slice }

func inline(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind != Ref || isUnsized(t.Args[0]) {
		return nil, notFor
	}
	return t.Args[0], ""
}

func asBox(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind == Ref {
		return nil, notFor
	}
	return mkType(Box, "", t, t), ""
}

func asString(t *Type, _ []string, rkyv string) (*Type, string) {
	if t.Kind == Ref && t.Args[0].Kind == Str && rkyv != "0.7" || isStd(t, "PathBuf", "OsString") {
		return mkType(String, "", t), ""
	}
	return nil, notFor
}

func lock(t *Type, _ []string, _ string) (*Type, string) {
	if !isStd(t, "Mutex", "RwLock") {
		return nil, notFor
	}
	return t.Args[0], ""
}

func unshare(t *Type, _ []string, _ string) (*Type, string) {
	if !isStd(t, "Rc", "Arc") || isUnsized(t.Args[0]) {
		return nil, notFor
	}
	return t.Args[0], ""
}

func copyOptimize(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind == Vec || t.Kind == Box && t.Args[0].Kind == Slice {
		return t, ""
	}
	return nil, notFor
}

func raw(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind != Vec {
		return nil, notFor
	}
	return t, ""
}

// unmodeled names the wrappers rkyv ships whose archived form depends on
// user code.
var unmodeled = map[string]string{
	"NicheInto":    "niches an Option into a user-chosen niche type: cellvet cannot know its archived form",
	"MapNiche":     "niches an Option into a user-chosen niche type: cellvet cannot know its archived form",
	"DefaultNiche": "niches an Option through the type's own niching: cellvet cannot know its archived form",
}

// applyWith applies wrapper w (normalized: Map<AsBox>) to t.
func applyWith(w string, t *Type, rkyv string) (*Type, string) {
	name, args := splitWrapper(w)
	rule := wrapperRules[name]
	if rule == nil {
		if why, ok := unmodeled[name]; ok {
			return nil, "with-wrapper " + name + " " + why
		}
		return nil, "unknown with-wrapper " + w + ": cellvet cannot know its archived form"
	}
	if rkyv == "0.7" && !rule.v07 || rkyv != "0.7" && !rule.v08 {
		return nil, fmt.Sprintf("with-wrapper %s is not in rkyv %s", name, rkyv)
	}
	if wantArgs[name] != len(args) {
		return nil, fmt.Sprintf("with-wrapper %s takes %s", w, wrapperArity(name))
	}
	out, msg := rule.apply(t, args, rkyv)
	if msg == notFor {
		return nil, fmt.Sprintf("with-wrapper %s does not apply to %s (it archives %s)", name, t, rule.applies)
	}
	return out, msg
}

// wantArgs is the number of generic arguments of the wrappers that take
// some.
var wantArgs = map[string]int{"Map": 1, "MapKV": 2, "AtomicLoad": 1}

func wrapperArity(name string) string {
	switch name {
	case "Map":
		return "one wrapper argument: Map<W>"
	case "MapKV":
		return "two wrapper arguments: MapKV<K, V>"
	case "AtomicLoad":
		return "a memory ordering: AtomicLoad<Relaxed>, AtomicLoad<Acquire> or AtomicLoad<SeqCst>"
	}
	return "no arguments"
}

func isStd(t *Type, names ...string) bool {
	return t.Kind == Std && slices.Contains(names, t.Name)
}

func unixTime(t *Type, _ []string, _ string) (*Type, string) {
	if !isStd(t, "SystemTime") {
		return nil, notFor
	}
	return mkType(Duration, "", t), "" // ArchivedDuration since the epoch
}

// unsafeCell: rkyv 0.8 archives the cell's value; 0.7 archives a Cell
// or UnsafeCell of it, which hides the value's niche.
func unsafeCell(t *Type, _ []string, rkyv string) (*Type, string) {
	if !isStd(t, "Cell", "UnsafeCell") {
		return nil, notFor
	}
	el := t.Args[0]
	if rkyv != "0.7" {
		return el, ""
	}
	if p := nicheless(el); p != nil {
		return p, ""
	}
	return nil, "with-wrapper Unsafe under rkyv 0.7 archives " + t.String() + ", which hides the niches of its value: cellvet models this for primitive values only"
}

// nicheless returns the primitive of t's size and alignment without a
// niche (u8 for bool, u32 for char, the integer for a NonZero), or nil
// when t is not a primitive.
func nicheless(t *Type) *Type {
	if t.Kind != Prim {
		return nil
	}
	switch name := t.Name; {
	case name == "bool":
		return mkType(Prim, "u8", t)
	case name == "char":
		return mkType(Prim, "u32", t)
	case strings.HasPrefix(name, "NonZero"):
		return mkType(Prim, strings.ToLower(strings.TrimPrefix(name, "NonZero")), t)
	}
	return t
}

func atomic(t *Type, args []string, _ string) (*Type, string) {
	if len(args) == 1 && !slices.Contains([]string{"Relaxed", "Acquire", "SeqCst"}, args[0]) {
		return nil, "unknown memory ordering " + args[0] + " in AtomicLoad (known: Relaxed, Acquire, SeqCst)"
	}
	in, ok := atomicInts[t.Name]
	if t.Kind != Std || !ok {
		return nil, notFor
	}
	return mkType(Prim, in, t), ""
}

// splitWrapper splits Map<AsBox> into Map and [AsBox], MapKV<A,B<C,D>>
// into MapKV and [A, B<C,D>].
func splitWrapper(w string) (string, []string) {
	i := strings.IndexByte(w, '<')
	if i < 0 || !strings.HasSuffix(w, ">") {
		return w, nil
	}
	var args []string
	depth, start := 0, i+1
	for j := i + 1; j < len(w)-1; j++ {
		switch w[j] {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case ',':
			if depth == 0 {
				args = append(args, w[start:j])
				start = j + 1
			}
		}
	}
	return w[:i], append(args, w[start:len(w)-1])
}

func refAsBox(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind != Ref {
		return nil, notFor
	}
	return mkType(Box, "", t, t.Args[0]), ""
}

func asVec(t *Type, _ []string, rkyv string) (*Type, string) {
	switch t.Kind {
	case Ref:
		if t.Args[0].Kind == Slice && rkyv != "0.7" {
			return mkType(Vec, "", t, t.Args[0].Args[0]), ""
		}
	case BTreeMap, HashMap:
		return mkType(Vec, "", t, mkType(TupleType, "", t, t.Args...)), ""
	case BTreeSet, HashSet:
		return mkType(Vec, "", t, t.Args[0]), ""
	}
	return nil, notFor
}

func asOwned(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind != Std || t.Name != "Cow" {
		return nil, notFor
	}
	switch el := t.Args[0]; el.Kind {
	case Str:
		return mkType(String, "", t), ""
	case Slice:
		return mkType(Vec, "", t, el.Args[0]), ""
	default:
		return el, ""
	}
}

func niche(t *Type, _ []string, _ string) (*Type, string) {
	if t.Kind != Option {
		return nil, notFor
	}
	switch el := t.Args[0]; {
	case el.Kind == Box:
		return el, "" // a relative pointer, null for None
	case el.Kind == Prim && strings.HasPrefix(el.Name, "NonZero"):
		return nicheless(el), "" // the integer, zero for None: no niche left
	}
	return nil, notFor
}

func mapWith(t *Type, args []string, rkyv string) (*Type, string) {
	switch {
	case t.Kind == Option || t.Kind == Vec || t.Kind == Array && rkyv != "0.7":
		el, msg := applyWith(args[0], t.Args[0], rkyv)
		if msg != "" {
			return nil, msg
		}
		out := *t
		out.Args = []*Type{el}
		return &out, ""
	}
	return nil, notFor
}

func mapKV(t *Type, args []string, rkyv string) (*Type, string) {
	if t.Kind != BTreeMap && t.Kind != HashMap {
		return nil, notFor
	}
	out := *t
	out.Args = make([]*Type, 2)
	for i := range out.Args {
		a, msg := applyWith(args[i], t.Args[i], rkyv)
		if msg != "" {
			return nil, msg
		}
		out.Args[i] = a
	}
	return &out, ""
}
