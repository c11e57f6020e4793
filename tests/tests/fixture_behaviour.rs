//! What the generated fixture crates (tests/output/, from tests/fixtures/snapshots/) do on the
//! wire: names the spec writes are the names serde writes, enum values survive a round trip
//! whether or not the crate knows them, 64-bit integers stay exact, and fixed selector fields
//! are always sent. The snapshots show what the code looks like; this shows that it works.

use serde_json::{Value, json};

/// `value` serialized, then deserialized again into `T`.
fn round_trip<T>(value: &T) -> (Value, T)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let json = serde_json::to_value(value).expect("serializes");
    let back = serde_json::from_value(json.clone()).expect("deserializes its own output");
    (json, back)
}

mod keywords {
    use super::*;
    use fixture_keywords::models::{Keywords, OptionValue as OptionSchema, Self_};

    #[test]
    fn keyword_and_odd_property_names_keep_their_wire_names() {
        let mut k = Keywords::new(
            "t".to_owned(),
            "s".to_owned(),
            true,
            "digits".to_owned(),
            "dash".to_owned(),
            "cjk".to_owned(),
            "empty".to_owned(),
        );
        k.fn_ = Some("f".into());
        k.await_ = Some("aw".into());
        k.crate_ = Some("c".into());
        k.super_ = Some("su".into());
        k.mod_ = Some("m".into());
        k.gen_ = Some("g".into());
        k.try_ = Some("tr".into());
        k.new = Some("n".into());
        let (json, back) = round_trip(&k);
        assert_eq!(
            json,
            json!({
                "type": "t", "self": "s", "fn": "f", "async": true, "await": "aw",
                "crate": "c", "super": "su", "mod": "m", "gen": "g", "try": "tr",
                "123abc": "digits", "x-foo": "dash", "中文": "cjk", "": "empty", "new": "n",
            })
        );
        assert_eq!(back, k);
    }

    #[test]
    fn optional_fields_are_left_out_and_required_ones_are_required() {
        let k = Keywords::new(
            "t".to_owned(),
            "s".to_owned(),
            false,
            "d".to_owned(),
            "x".to_owned(),
            "z".to_owned(),
            String::new(),
        );
        let json = serde_json::to_value(&k).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7, "only required properties are sent: {keys:?}");
        let missing_type = json!({"self": "s", "async": false, "123abc": "d", "x-foo": "x",
            "中文": "z", "": ""});
        let err = serde_json::from_value::<Keywords>(missing_type).unwrap_err();
        assert!(err.to_string().contains("`type`"), "{err}");
    }

    #[test]
    fn schemas_named_like_keywords_and_std_types() {
        let value = json!({"Self": "me", " ": "space", "Option": {"Some": "s", "None": "n"}});
        let parsed: Self_ = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(parsed.self_.as_deref(), Some("me"));
        assert_eq!(parsed.field.as_deref(), Some("space"));
        let option: &OptionSchema = parsed.option.as_ref().unwrap();
        assert_eq!((option.some.as_deref(), option.none.as_deref()), (Some("s"), Some("n")));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    }

    #[test]
    fn keyword_parameters_build_a_request() {
        use fixture_keywords::operations::MatchRequest;
        let body = Keywords::new(
            "t".to_owned(),
            "s".to_owned(),
            true,
            "d".to_owned(),
            "x".to_owned(),
            "z".to_owned(),
            String::new(),
        );
        let request = MatchRequest::new("a/b", true, body)
            .self_("me")
            .fn_(3)
            .new_("n")
            .u4e2d_u6587("zh")
            .x_foo("foo")
            .crate_("c");
        assert_eq!(request.type_, "a/b");
        assert_eq!(request.new.as_deref(), Some("n"));
        assert_eq!(request.fn_, Some(3));
    }
}

mod enum_collisions {
    use super::*;
    use fixture_enum_collisions::models::{Holder, Mode};

    /// Every value of the spec's `Mode` enum, in spec order.
    const WIRE: &[&str] = &[
        "a-b", "A_B", "ab", "AB", "Unknown", "unknown", "", "1", "V1", "12", "Self", "self", " ",
        "中文",
    ];

    #[test]
    fn colliding_values_are_distinct_variants_with_their_own_wire_value() {
        let modes: Vec<Mode> = WIRE.iter().map(|w| Mode::from(*w)).collect();
        for (i, mode) in modes.iter().enumerate() {
            assert!(!matches!(mode, Mode::Unknown(_)), "`{}` is a known value", WIRE[i]);
            assert_eq!(mode.as_str(), WIRE[i]);
            for (j, other) in modes.iter().enumerate().skip(i + 1) {
                assert_ne!(mode, other, "`{}` and `{}` must differ", WIRE[i], WIRE[j]);
            }
        }
        assert_eq!(Mode::from("a-b"), Mode::AB);
        assert_eq!(Mode::from("A_B"), Mode::AB2);
        assert_eq!(Mode::from("Unknown"), Mode::Unknown2);
        assert_eq!(Mode::from("unknown"), Mode::Unknown3);
        assert_eq!(Mode::from(""), Mode::Empty);
    }

    #[test]
    fn known_values_round_trip_through_json() {
        let mut holder = Holder::new(Mode::AB2);
        holder.modes = Some(WIRE.iter().map(|w| Mode::from(*w)).collect());
        let (json, back) = round_trip(&holder);
        assert_eq!(json["mode"], "A_B");
        assert_eq!(json["modes"], json!(WIRE));
        assert_eq!(back, holder);
    }

    #[test]
    fn unknown_values_are_kept_and_sent_back_unchanged() {
        for raw in ["A-B", "a_b", "UNKNOWN", "Unknown ", "2", "SELF", "新值"] {
            let mode: Mode = serde_json::from_value(json!(raw)).unwrap();
            assert_eq!(mode, Mode::Unknown(raw.to_owned()), "`{raw}`");
            assert_eq!(serde_json::to_value(&mode).unwrap(), json!(raw));
            assert_eq!(mode.to_string(), raw);
        }
        let holder: Holder =
            serde_json::from_value(json!({"mode": "brand-new", "modes": ["ab", "later"]})).unwrap();
        assert_eq!(holder.mode, Mode::Unknown("brand-new".into()));
        assert_eq!(holder.modes, Some(vec![Mode::Ab, Mode::Unknown("later".into())]));
        assert_eq!(
            serde_json::to_value(&holder).unwrap(),
            json!({"mode": "brand-new", "modes": ["ab", "later"]})
        );
    }

    #[test]
    fn non_string_values_are_refused() {
        assert!(serde_json::from_value::<Mode>(json!(1)).is_err());
        assert!(serde_json::from_value::<Mode>(json!(null)).is_err());
    }
}

mod int64 {
    use fixture_int64::models::Counter;

    #[test]
    fn int64_values_beyond_2_pow_53_stay_exact() {
        let text = r#"{"small":-2147483648,"big":9007199254740993,"plain":-9223372036854775808,"history":[9223372036854775807,9007199254740993]}"#;
        let counter: Counter = serde_json::from_str(text).unwrap();
        assert_eq!(counter.big, 9_007_199_254_740_993);
        assert_eq!(counter.small, i32::MIN);
        assert_eq!(counter.plain, Some(i64::MIN));
        assert_eq!(counter.history, Some(vec![i64::MAX, 9_007_199_254_740_993]));
        assert_eq!(serde_json::to_string(&counter).unwrap(), text);
    }

    #[test]
    fn int32_fields_refuse_values_that_do_not_fit() {
        let err = serde_json::from_str::<Counter>(r#"{"small":2147483648,"big":1}"#).unwrap_err();
        assert!(err.to_string().contains("2147483648"), "{err}");
    }

    #[test]
    fn numbers_are_floats() {
        let counter: Counter =
            serde_json::from_str(r#"{"small":1,"big":2,"ratio":0.5,"float":1e3,"double":-0.25}"#)
                .unwrap();
        assert_eq!(
            (counter.ratio, counter.float, counter.double),
            (Some(0.5), Some(1e3), Some(-0.25))
        );
    }
}

mod constant {
    use super::*;
    use fixture_constant::models::{
        HandleTicketAcceptRequest, HandleTicketCommitSolutionRequest, HandleTicketConfirmBody,
    };

    #[test]
    fn each_selector_body_sends_its_fixed_operate_key() {
        let accept = serde_json::to_value(HandleTicketAcceptRequest::new("T1".to_owned())).unwrap();
        assert_eq!(accept, json!({"operate_key": "accept", "ticket_id": "T1"}));
        let mut parameter = serde_json::Map::new();
        parameter.insert("solution".into(), json!("restart"));
        let commit = serde_json::to_value(HandleTicketCommitSolutionRequest::new(
            "T2".to_owned(),
            parameter,
        ))
        .unwrap();
        assert_eq!(
            commit,
            json!({"operate_key": "commitSolution1", "ticket_id": "T2",
                "parameter": {"solution": "restart"}})
        );
        let confirm = serde_json::to_value(HandleTicketConfirmBody::new("T3".to_owned())).unwrap();
        assert_eq!(confirm, json!({"operate_key": "confirm", "ticket_id": "T3"}));
    }

    #[test]
    fn selector_bodies_read_back() {
        let value = json!({"operate_key": "accept", "ticket_id": "T1"});
        let parsed: HandleTicketAcceptRequest = serde_json::from_value(value).unwrap();
        assert_eq!(parsed, HandleTicketAcceptRequest::new("T1".to_owned()));
    }

    #[test]
    fn the_operations_share_one_path() {
        use fixture_constant::operations::{
            HandleTicketAcceptRequest as Accept, HandleTicketConfirmRequest as Confirm,
        };
        // The request types take only the body: the selector is not a parameter.
        let _ = Accept::new(HandleTicketAcceptRequest::new("T".to_owned()));
        let _ = Confirm::new(HandleTicketConfirmBody::new("T".to_owned()));
    }
}

mod optional_required {
    use super::*;
    use fixture_optional_required::models::{Child, Record};

    #[test]
    fn optional_fields_are_omitted_and_required_nullable_ones_sent_as_null() {
        let record = Record::new("r1".to_owned(), Child::default());
        let (json, back) = round_trip(&record);
        assert_eq!(json["id"], "r1");
        assert_eq!(json["child"], json!({}));
        for optional in ["comment", "remark", "maybe_child"] {
            assert!(json.get(optional).is_none(), "`{optional}` is not sent when unset: {json}");
        }
        // Required but nullable: the key is required, so None is sent as null.
        assert_eq!(json["note"], Value::Null);
        assert_eq!(json["nullable_child"], Value::Null);
        assert!(json.get("note").is_some() && json.get("nullable_child").is_some(), "{json}");
        assert_eq!(back, record);
        let with_nulls: Record = serde_json::from_value(
            json!({"id": "r1", "note": null, "child": {}, "nullable_child": null, "remark": null}),
        )
        .unwrap();
        assert_eq!(with_nulls, record);
    }
}

mod recursive {
    use super::*;
    use fixture_recursive::models::{Company, Person, Report, ReportComponent, TreeNode};

    #[test]
    fn recursive_values_nest() {
        let value = json!({
            "value": "root",
            "parent": {"value": "up"},
            "children": [{"value": "kid", "children": [{"value": "grandkid"}]}],
            "by_name": {"x": {"value": "mapped"}},
        });
        let tree: TreeNode = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(tree.parent.as_ref().unwrap().value, "up");
        assert_eq!(
            tree.children.as_ref().unwrap()[0].children.as_ref().unwrap()[0].value,
            "grandkid"
        );
        assert_eq!(serde_json::to_value(&tree).unwrap(), value);
        let mut company = Company::default();
        company.ceo = Some(Box::new(Person::new("bob".to_owned(), Box::default())));
        let person = Person::new("ann".to_owned(), Box::new(company));
        let (json, back) = round_trip(&person);
        assert_eq!(json["employer"]["ceo"]["name"], "bob");
        assert_eq!(back, person);
    }

    #[test]
    fn a_schema_reached_through_a_nested_path_is_one_recursive_type() {
        // `#/components/schemas/Report/x-definitions/reportComponent` holds itself: once a
        // stack overflow, now one type whose fields nest (the self field boxed).
        let value = json!({
            "title": "t",
            "components": [{
                "name": "a",
                "components": [{"name": "b", "components": []}],
                "parent": {"name": "p"},
            }],
        });
        let report: Report = serde_json::from_value(value.clone()).unwrap();
        let first: &ReportComponent = &report.components.as_ref().unwrap()[0];
        assert_eq!(first.components.as_ref().unwrap()[0].name.as_deref(), Some("b"));
        let parent: &ReportComponent = first.parent.as_deref().unwrap();
        assert_eq!(parent.name.as_deref(), Some("p"));
        assert_eq!(serde_json::to_value(&report).unwrap(), value);
    }
}

mod maps {
    use super::*;
    use fixture_maps::models::{Extensible, Labels};

    #[test]
    fn additional_properties_are_kept_beside_known_ones() {
        let value = json!({"kind": "k", "zeta": "z", "alpha": "a"});
        let parsed: Extensible = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(parsed.kind, "k");
        assert_eq!(parsed.additional_properties.len(), 2);
        assert_eq!(parsed.additional_properties["zeta"], "z");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    }

    #[test]
    fn maps_of_values_round_trip() {
        let value = json!({
            "strings": {"a": "b"},
            "counts": {"big": 9007199254740993_i64},
            "anything": {"x": [1, {"y": null}]},
            "flagged": {"on": true},
            "owners": {"o": {"name": "n"}},
            "lists": {"l": ["1", "2"]},
            "inline_values": {"v": {"value": "w"}},
        });
        let labels: Labels = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(labels.counts.as_ref().unwrap()["big"], 9_007_199_254_740_993);
        assert_eq!(serde_json::to_value(&labels).unwrap(), value);
    }
}

mod same_shapes {
    use super::*;
    use fixture_same_shapes::models::{
        ServerState, ServerTask, SnapshotTask, VolumeState, VolumeTask,
    };
    use std::any::TypeId;

    /// `ServerTask` and `VolumeTask` have the same shape: one type under both names (no
    /// conversion between them), with `ServerState` and `VolumeState` likewise; `SnapshotTask`,
    /// whose field is documented differently, stays a type of its own.
    #[test]
    fn schemas_of_the_same_shape_are_one_type() {
        let as_volume: fn(ServerTask) -> VolumeTask = |task| task;
        let mut task = ServerTask::new("task-1");
        task.state = Some(VolumeState::Done);
        let volume = as_volume(task.clone());
        assert_eq!(volume, task);
        assert_eq!(TypeId::of::<VolumeState>(), TypeId::of::<ServerState>());
        assert_ne!(TypeId::of::<SnapshotTask>(), TypeId::of::<ServerTask>());
        let (json, back) = round_trip(&volume);
        assert_eq!(json, json!({"task_id": "task-1", "state": "done"}));
        assert_eq!(back, task);
    }
}
