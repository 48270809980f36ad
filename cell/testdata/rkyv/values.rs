// The golden values of cell/golden_test.go, written by both harnesses.
fn values() {
    out("str_empty", &String::new());
    out("str_abc", &"abc".to_string());
    out("str_1234567", &"1234567".to_string());
    out("str_12345678", &"12345678".to_string());
    out("str_123456789", &"123456789".to_string());
    out("str_100", &"x".repeat(100));
    out("box_u32", &Box::new(7u32));
    out("vec_u16", &vec![1u16, 2, 3]);
    out("vec_u8_empty", &Vec::<u8>::new());
    out("opt_box_some", &Some(Box::new(7u32)));
    out("opt_box_none", &None::<Box<u32>>);
    out("order", &Order { account: "desk-7/alice".into(), legs: vec![Leg { qty: 5, venue: "XNAS".into() }, Leg { qty: 7, venue: "a-long-venue".into() }], note: Some(Box::new(9)), flag: true });
    out("node3", &Node { v: 1, next: Some(Box::new(Node { v: 2, next: Some(Box::new(Node { v: 3, next: None })) })) });
    out("holder_fill", &Holder { e: Ev::Fill { qty: 3, venue: "venue-name-long".into() }, s: "tail-string-x".into() });
    out("holder_cancel", &Holder { e: Ev::Cancel(vec![4, 5]), s: "s".into() });
    out("holder_halt", &Holder { e: Ev::Halt, s: "".into() });
    out("vec_vec_u8", &vec![vec![1u8], vec![2, 3], vec![]]);
    out("vec_string", &vec!["a".to_string(), "123456789".to_string()]);
    out("al", &Al { a: 1, v: vec![10u64, 11], c: 'é' });
}
