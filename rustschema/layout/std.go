package layout

import "github.com/cellvet/cellvet/rustschema"

// The archived forms of the std types of kind rustschema.Std, from rkyv
// 0.7.45 (src/net.rs, src/ops.rs, src/rc.rs) and 0.8.18 (src/net.rs,
// src/ops.rs, src/rc.rs): fixed-size byte arrays, repr(u8) enums, and
// structs that are repr(C) in 0.8 and in 0.7 under strict, else
// repr(Rust). Measured in every profile family (measured_test.go).

// std lays out a Std type.
func (e *engine) std(t *rustschema.Type, pos rustschema.Pos) (result, *rustschema.Error) {
	if err := e.unarchived(t, pos); err != nil {
		return result{}, err
	}
	var arg result
	unsized := false
	if len(t.Args) > 0 {
		a := t.Args[0]
		if unsized = a.Kind == rustschema.Str || a.Kind == rustschema.Slice; !unsized {
			var err *rustschema.Error
			if arg, err = e.typ(a, pos); err != nil {
				return result{}, err
			}
		}
	}
	u16, u32 := e.scalar(2, nil).shape, e.scalar(4, nil).shape
	ipv4, ipv6 := shape{Size: 4, Align: 1}, shape{Size: 16, Align: 1}
	switch t.Name {
	case "Ipv4Addr":
		return result{shape: ipv4}, nil
	case "Ipv6Addr":
		return result{shape: ipv6}, nil
	case "IpAddr":
		return e.stdEnum([][]shape{{ipv4}, {ipv6}}), nil
	case "SocketAddrV4":
		return e.stdStruct(ipv4, u16), nil
	case "SocketAddrV6":
		return e.stdStruct(ipv6, u16, u32, u32), nil
	case "SocketAddr":
		v4, v6 := e.stdStruct(ipv4, u16), e.stdStruct(ipv6, u16, u32, u32)
		r := e.stdEnum([][]shape{{v4.shape}, {v6.shape}})
		r.predicted = v4.predicted || v6.predicted
		return r, nil
	case "Range", "RangeInclusive": // rkyv stores no is_empty flag
		return e.stdStruct(arg.shape, arg.shape).or(arg.predicted), nil
	case "RangeFrom", "RangeTo", "RangeToInclusive", "ManuallyDrop":
		return arg, nil // one field (ManuallyDrop is repr(transparent))
	case "RangeFull", "PhantomPinned":
		return zst, nil
	case "Bound":
		return e.stdEnum([][]shape{{arg.shape}, {arg.shape}, nil}).or(arg.predicted), nil
	case "Rc", "Arc", "rc::Weak", "sync::Weak":
		return e.rc(t.Name, unsized), nil
	case "VecDeque", "CString": // ArchivedVec; ArchivedCString is a boxed CStr
		return e.words(2), nil
	}
	return result{}, errAt(pos, "%s is archived only through the with-wrapper AsOwned", t)
}

// unarchived reports a Std type in t that the profile's rkyv does not
// archive, also where typ does not look (the elements of a Vec, Box or
// map are out of line: their layout does not matter, but rkyv must
// archive them).
func (e *engine) unarchived(t *rustschema.Type, at rustschema.Pos) *rustschema.Error {
	if t.Kind == rustschema.Std && !rustschema.StdArchived(t.Name, e.p.Rkyv) {
		return errAt(pick(t.Pos, at), "%s is not Archive under rkyv %s", t.Name, e.p.Rkyv)
	}
	for _, a := range t.Args {
		if err := e.unarchived(a, at); err != nil {
			return err
		}
	}
	return nil
}

// or marks r predicted when p is.
func (r result) or(p bool) result {
	r.predicted = r.predicted || p
	return r
}

// rc lays out ArchivedRc and ArchivedRcWeak: a relative pointer, with
// the length for str and [T]. rkyv 0.7's weak pointer is a repr(u8) enum
// of None and Some(ArchivedRc); 0.8's is a pointer that may be null.
func (e *engine) rc(name string, unsized bool) result {
	ptr := e.words(1)
	if unsized {
		ptr = e.words(2)
	}
	if e.v07 && (name == "rc::Weak" || name == "sync::Weak") {
		return e.stdEnum([][]shape{nil, {ptr.shape}})
	}
	return ptr
}

// stdStruct lays out an archived std struct of the given fields.
func (e *engine) stdStruct(fields ...shape) result {
	if !e.v07 || e.p.Strict {
		return result{shape: reprC(fields, reprOpts{}).shape}
	}
	agg := univariant(fields, reprOpts{reorder: true}, alwaysSized)
	return result{shape: agg.shape, predicted: len(fields) > 1}
}

// stdEnum lays out an archived repr(u8) std enum of the given variants.
func (e *engine) stdEnum(variants [][]shape) result {
	en := taggedEnum(1, e.al(1), variants, reprOpts{}, false)
	r := result{shape: shape{Size: en.Size, Align: en.Align}}
	if e.v07 {
		r.Niche = scalarNiche(1, u128{0, uint64(len(variants))})
	}
	return r
}
