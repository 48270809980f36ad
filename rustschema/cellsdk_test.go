package rustschema

import (
	"fmt"
	"strings"
	"testing"
)

// The expected expansions below are written from the source of
// cell-macros 0.4.1 (lib.rs: `handler`, `extract_ok_type`; convert_case
// 0.6's Case::Pascal with its default boundaries), not from cellvet's
// output. The oracle fixture testdata/oracle/fixtures/v07/cellsdk proves
// the compiling forms against the real macro and rkyv; the forms here that
// do not compile under the real macro's dispatch (a `_` parameter, a
// return type that is not a Result) still follow its enum expansion.

func TestPascalCase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ping", "Ping"},
		{"place_order", "PlaceOrder"},
		{"get_http2_status", "GetHttp2Status"}, // p|2 and 2|_ : Http, 2
		{"getHTTPStatus2x", "GetHttpStatus2X"}, // acronym HTTP|Status, s|2, 2|x
		{"v2_quote_xml", "V2QuoteXml"},         // v|2 is LowerDigit: V, 2
		{"XMLHttpRequest", "XmlHttpRequest"},
		{"_private", "Private"},
		{"trailing_", "Trailing"},
		{"a__b", "AB"},
		{"ABC", "Abc"},
		{"ABCdef", "AbCdef"}, // Acronym: B|C before lowercase
		{"x1y2", "X1Y2"},
		{"mixed_UPPER_case", "MixedUpperCase"},
	} {
		if got := pascalCase(c.in); got != c.want {
			t.Errorf("pascalCase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// expansion writes the services of s and their enums as
// "Service: Protocol/Response" and one line per variant:
// "  Variant {field: Type, ...} -> Type".
func expansion(s *Schema) string {
	var b strings.Builder
	for _, svc := range s.Services {
		fmt.Fprintf(&b, "%s: %s/%s\n", svc.Name, svc.Protocol, svc.Response)
		req, resp := s.Lookup(svc.Protocol), s.Lookup(svc.Response)
		for i, v := range req.Variants {
			var fs []string
			for _, f := range v.Fields {
				fs = append(fs, f.Name+": "+f.Type.String())
			}
			r := resp.Variants[i]
			fmt.Fprintf(&b, "  %s {%s} -> %s(%s)\n", v.Name, strings.Join(fs, ", "), r.Name, r.Fields[0].Type)
		}
	}
	return b.String()
}

func TestHandlerExpansion(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{{
		name: "shapes",
		src: `use cell_sdk::*;
#[protein] pub struct Order { pub id: u64 }
pub struct Exchange;
#[handler]
impl Exchange {
    async fn ping(&self) -> Result<u64> { Ok(1) }
    async fn place_order(&self, order: Order, qty: u32) -> anyhow::Result<Vec<Order>> { todo!() }
    async fn halt(&self) -> std::result::Result<(), std::io::Error> { Ok(()) }
    async fn plain(&self, n: u8) -> Option<u16> { None }
    async fn nothing(&self) {}
}`,
		want: `Exchange: ExchangeProtocol/ExchangeResponse
  Ping {} -> Ping(u64)
  PlaceOrder {order: Order, qty: u32} -> PlaceOrder(Vec<Order>)
  Halt {} -> Halt(())
  Plain {n: u8} -> Plain(Option<u16>)
  Nothing {} -> Nothing(())
`,
	}, {
		// Parameters: receivers of every form and patterns that are not
		// an identifier are left out; mut, ref and raw names are kept.
		name: "params",
		src: `pub struct Svc;
#[cell_sdk::handler]
impl Svc {
    async fn a(self, mut x: u8, ref y: u16, _: u32, (p, q): (u8, u8), r#type: u64) -> Result<u8> { todo!() }
    async fn b(&mut self, #[allow(unused)] z: bool) -> Result<bool> { todo!() }
    async fn c(self: std::sync::Arc<Self>, w: i8) -> Result<i8> { todo!() }
    async fn d<'a>(&'a self, v: [u8; 2]) -> Result<(u8, u16)> where Self: Sized { todo!() }
}`,
		want: `Svc: SvcProtocol/SvcResponse
  A {x: u8, y: u16, type: u64} -> A(u8)
  B {z: bool} -> B(bool)
  C {w: i8} -> C(i8)
  D {v: [u8;2]} -> D((u8,u16))
`,
	}, {
		// The service is the last segment of the impl's type; every fn of
		// the impl is a method (pub or not, async or not); other items
		// are not; two services in one file, in order.
		name: "services",
		src: `pub mod m { pub struct Ledger; pub struct Book; }
#[cell::handler]
impl crate::m::Ledger {
    const LIMIT: u32 = 3;
    type Unit = ();
    pub fn post(&self, amount: i64) -> Result<u64> { todo!() }
}
#[handler]
impl<T> Default for m::Book where T: Clone {
    fn size() -> io::Result<u16> { todo!() }
}`,
		want: `Ledger: LedgerProtocol/LedgerResponse
  Post {amount: i64} -> Post(u64)
Book: BookProtocol/BookResponse
  Size {} -> Size(u16)
`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse(c.name+".rs", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := expansion(s); got != c.want {
				t.Errorf("expansion:\n%s\nwant:\n%s", got, c.want)
			}
			if s.Profile == nil || *s.Profile != SDKProfile() {
				t.Errorf("profile %v, want the SDK's %v", s.Profile, SDKProfile())
			}
		})
	}
}
