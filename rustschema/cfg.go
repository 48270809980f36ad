package rustschema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Cfg is a set of rustc cfg options, as given by `--cfg 'feature="rkyv"'`
// flags, under which ParseWith evaluates #[cfg_attr]. Like rustc's, the set
// is complete: an option not in it is off. Only target_pointer_width and
// target_endian must be given when a predicate tests them, since they
// follow the format profile, which the schema may set itself.
type Cfg struct {
	opts map[string]bool // `name` and `name="value"`
	keys map[string]bool // every name given, with or without a value
}

// targetKeys are the cfg names that must be given to be tested, with an
// example value.
var targetKeys = map[string]string{"target_pointer_width": "64", "target_endian": "little"}

// ParseCfg reads cfg options written as for rustc's --cfg: `name` or
// `name="value"`.
func ParseCfg(specs []string) (*Cfg, error) {
	c := &Cfg{opts: map[string]bool{}, keys: map[string]bool{}}
	for _, spec := range specs {
		name, val, hasVal := strings.Cut(spec, "=")
		if !isCfgName(name) {
			return nil, fmt.Errorf("invalid cfg %q: want name or name=\"value\"", spec)
		}
		key := name
		if hasVal {
			v, err := strconv.Unquote(val)
			if err != nil || !strings.HasPrefix(val, `"`) {
				return nil, fmt.Errorf("invalid cfg %q: the value must be a quoted string, as in feature=\"rkyv\"", spec)
			}
			key = cfgKey(name, v)
		}
		c.opts[key], c.keys[name] = true, true
	}
	return c, nil
}

func isCfgName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

func cfgKey(name, val string) string { return name + "=" + strconv.Quote(val) }

// Specs returns the set's options in a canonical order (sorted, each
// once), as --cfg arguments that give the same set: for a lock to record.
// A nil Cfg has none.
func (c *Cfg) Specs() []string {
	if c == nil {
		return nil
	}
	return slices.Sorted(func(yield func(string) bool) {
		for k := range c.opts {
			if !yield(k) {
				return
			}
		}
	})
}

// String is Specs joined by spaces.
func (c *Cfg) String() string { return strings.Join(c.Specs(), " ") }

// applyCfg evaluates attrs under the cfg set, as rustc does before it
// reads an item: each #[cfg_attr(pred, attrs...)] becomes its attributes
// when pred holds and is dropped when it does not, and a #[cfg(pred)] that
// holds is dropped. off reports a #[cfg] that does not hold: the item,
// field or variant is not part of this build. Without a cfg set, attrs are
// returned as they are; cfg_attr is then checked where it matters
// (checkCfgAttr) and #[cfg] is reported where it changes the schema.
//
// A #[cfg] testing target_pointer_width or target_endian that the set does
// not give stays in attrs, so that it is reported only where an Archive
// type depends on the item.
func (p *parser) applyCfg(attrs []attr) (out []attr, off bool) {
	if p.cfg == nil || !slices.ContainsFunc(attrs, func(a attr) bool { return a.name == "cfg_attr" || a.name == "cfg" }) {
		return attrs, false
	}
	out = p.cfgBuf[:0]
	for _, a := range attrs {
		switch a.name {
		case "cfg_attr":
			if items, ok := p.listArgs(a); ok && len(items) > 0 {
				out = p.cfgAttrItems(out, items)
			} else if ok {
				p.errorf(a.pos, "malformed #[cfg_attr]: expected #[cfg_attr(predicate, attributes...)]")
			}
		case "cfg":
			switch p.cfgHolds(a) {
			case cfgFalse:
				off = true
			case cfgUnknown:
				out = append(out, a)
			}
		default:
			out = append(out, a)
		}
	}
	p.cfgBuf = out
	return out, off
}

// cfgResult is the value of a #[cfg] predicate under the cfg set.
type cfgResult uint8

const (
	cfgTrue cfgResult = iota
	cfgFalse
	// cfgUnknown: the predicate tests a target key the set does not
	// give, or is malformed (reported).
	cfgUnknown
)

// cfgHolds evaluates #[cfg(pred)].
func (p *parser) cfgHolds(a attr) cfgResult {
	items, ok := p.listArgs(a)
	if !ok {
		return cfgUnknown
	}
	if len(items) != 1 {
		p.errorf(a.pos, "malformed #[cfg]: expected #[cfg(predicate)]")
		return cfgUnknown
	}
	if p.missingTarget(items[0]) {
		return cfgUnknown
	}
	on, ok := p.evalCfg(items[0])
	switch {
	case !ok:
		return cfgUnknown
	case on:
		return cfgTrue
	}
	return cfgFalse
}

// missingTarget reports whether predicate m tests a target key that the
// cfg set does not give.
func (p *parser) missingTarget(m meta) bool {
	switch {
	case m.kind == mList && (m.name == "all" || m.name == "any" || m.name == "not"):
		if !p.enter() {
			p.leave()
			return false
		}
		defer p.leave()
		sub, ok := p.metas(m.open)
		return ok && slices.ContainsFunc(sub, p.missingTarget)
	case m.kind == mWord || m.kind == mValue:
		_, target := targetKeys[m.name]
		return target && !p.cfg.keys[m.name]
	}
	return false
}

// cfgAttrItems appends the attributes of cfg_attr(items...) to out if its
// predicate holds. An expanded attribute is the meta item's token range,
// which reads like #[name(...)].
func (p *parser) cfgAttrItems(out []attr, items []meta) []attr {
	if !p.enter() {
		p.leave()
		return out
	}
	defer p.leave()
	if on, ok := p.evalCfg(items[0]); !ok || !on {
		return out
	}
	for _, m := range items[1:] {
		switch {
		case m.kind != mList:
			// Words and values (doc = "...", non_exhaustive) never
			// matter to the schema.
		case m.name == "cfg":
			p.errorf(m.pos, "#[cfg] inside #[cfg_attr] is not supported")
		case m.name == "cfg_attr":
			if sub, ok := p.metas(m.open); ok && len(sub) > 0 {
				out = p.cfgAttrItems(out, sub)
			}
		default:
			out = append(out, attr{name: m.name, pos: m.pos, args: m.open, end: int(p.toks[m.open].match()) + 1})
		}
	}
	return out
}

// evalCfg evaluates a cfg predicate under the given cfg set; ok is false
// after an error.
func (p *parser) evalCfg(m meta) (on, ok bool) {
	if !p.enter() {
		p.leave()
		return false, false
	}
	defer p.leave()
	switch {
	case m.kind == mList && (m.name == "all" || m.name == "any" || m.name == "not"):
		sub, ok := p.metas(m.open)
		if !ok {
			return false, false
		}
		if m.name == "not" {
			if len(sub) != 1 {
				p.errorf(m.pos, "cfg not() takes one predicate")
				return false, false
			}
			v, ok := p.evalCfg(sub[0])
			return !v, ok
		}
		res := m.name == "all"
		for _, s := range sub {
			v, ok := p.evalCfg(s)
			if !ok {
				return false, false
			}
			if m.name == "all" {
				res = res && v
			} else {
				res = res || v
			}
		}
		return res, true
	case m.kind == mWord && isCfgName(m.name):
		return p.cfgHas(m.name, m.name, m.pos)
	case m.kind == mValue && isCfgName(m.name):
		if t, ok := p.valueTok(m); ok && t.kind == tStr {
			return p.cfgHas(m.name, cfgKey(m.name, p.s.strValue(t)), m.pos)
		}
	}
	p.errorf(m.pos, "unsupported cfg predicate: expected name, name = \"value\", all(...), any(...) or not(...)")
	return false, false
}

// cfgHas reports whether the option key of cfg name is set.
func (p *parser) cfgHas(name, key string, pos int) (on, ok bool) {
	if ex, target := targetKeys[name]; target && !p.cfg.keys[name] {
		p.errorf(pos, "cfg %s decides the schema and is not given: give it, e.g. --cfg '%s=\"%s\"'", name, name, ex)
		return false, false
	}
	return p.cfg.opts[key], true
}
