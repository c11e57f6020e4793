//! What specs written for other generators need, on the wire and in serde: composition
//! (`allOf` merged, `oneOf`/`anyOf` as enums, tagged by a discriminator or by shape), and the
//! request and answer forms of `fixture-generic` (cookies, parameter styles, form and text
//! bodies, text answers, status ranges, an API key in the query, bearer tokens).

use serde_json::{Value, json};
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod composition {
    use super::*;
    use fixture_composition::models::{Cat, Holder, Pet, Thing, ThingId, ThingShape};

    #[test]
    fn a_required_reference_to_a_nullable_schema_takes_null() {
        let holder: Holder = serde_json::from_value(json!({"maybe": null})).expect("decodes");
        assert_eq!(holder.maybe, None);
        // Required: the key is sent, as `null`.
        assert_eq!(serde_json::to_value(&holder).expect("encodes"), json!({"maybe": null}));
    }

    #[test]
    fn a_discriminator_selects_the_alternative_and_is_written_once() {
        let cat: Pet =
            serde_json::from_value(json!({"petType": "kitten", "name": "Tom", "lives": 9}))
                .expect("decodes");
        let Pet::Cat(inner) = &cat else { panic!("not a cat: {cat:?}") };
        assert_eq!((inner.name.as_str(), inner.lives), ("Tom", 9));
        // The alternative's own `petType` field sees the tag too.
        assert_eq!(inner.pet_type.as_deref(), Some("kitten"));
        // Written with the variant's first tag, whatever the field holds.
        let written = serde_json::to_value(Pet::Cat(Cat::new("Tom", 9))).expect("encodes");
        assert_eq!(written, json!({"petType": "cat", "name": "Tom", "lives": 9}));
        let dog: Pet =
            serde_json::from_value(json!({"petType": "dog", "name": "Rex"})).expect("decodes");
        assert!(matches!(dog, Pet::Dog(ref d) if d.name == "Rex"));
    }

    #[test]
    fn an_unknown_tag_keeps_the_value() {
        let fish = json!({"petType": "fish", "fins": 2});
        let pet: Pet = serde_json::from_value(fish.clone()).expect("decodes");
        assert_eq!(pet, Pet::Unknown(fish.clone()));
        assert_eq!(serde_json::to_value(&pet).expect("encodes"), fish);
    }

    #[test]
    fn untagged_alternatives_are_tried_most_specific_first() {
        let id = |v: Value| serde_json::from_value::<ThingId>(v).expect("decodes");
        assert_eq!(id(json!(42)), ThingId::Integer(42));
        assert_eq!(id(json!("42")), ThingId::String("42".into()));
        assert_eq!(id(json!(1.5)), ThingId::Unknown(json!(1.5)));
        let shape = |v: Value| serde_json::from_value::<ThingShape>(v).expect("decodes");
        // A cat has required fields; the loose object has none and would take anything.
        assert!(matches!(shape(json!({"name": "Tom", "lives": 3})), ThingShape::Cat(_)));
        assert!(
            matches!(shape(json!({"note": "n"})), ThingShape::Loose(ref l) if l.note.as_deref() == Some("n"))
        );
        assert_eq!(shape(json!(["a", "b"])), ThingShape::StringList(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn all_of_merges_parts_and_examples_round_trip() {
        let thing = json!({
            "id": "x-1",
            "shape": {"name": "Tom", "lives": 1, "petType": "cat"},
            "owner": null,
            "contact": {"email": "a@b.c"},
            "anything": [1, "two", {"three": 3}],
        });
        let decoded: Thing = serde_json::from_value(thing.clone()).expect("decodes");
        let mut expected = thing;
        expected.as_object_mut().unwrap().remove("owner");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), expected);
        let owner: Thing =
            serde_json::from_value(json!({"owner": {"name": "Ann"}})).expect("decodes");
        assert_eq!(owner.owner.map(|o| o.name), Some("Ann".to_owned()));
    }
}

mod generic {
    use super::*;
    use fixture_generic::Client;
    use fixture_generic::models::{Filter, Form, Problem};
    use fixture_generic::operations::{
        CreateItem2Request, CreateItemRequest, GetItemsByIdError, GetItemsByIdRequest,
    };

    fn client(server: &MockServer, credentials: apigen_runtime::Credentials) -> Client {
        Client::builder().endpoint(server.uri()).credentials(credentials).build().expect("client")
    }

    #[tokio::test]
    async fn styles_cookies_and_the_query_api_key_reach_the_server() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/items/.1.2"))
            .and(query_param("filter[color]", "red"))
            .and(query_param("filter[size]", "3"))
            .and(query_param("tags", "a|b"))
            .and(query_param("api_key", "k-1"))
            .and(header("cookie", "session=s-1"))
            .and(header("Id", "h"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("plain text", "text/plain"))
            .expect(1)
            .mount(&server)
            .await;
        let mut filter = Filter::default();
        filter.color = Some("red".into());
        filter.size = Some(3);
        let request = GetItemsByIdRequest::new(vec![1, 2])
            .session("s-1")
            .filter(filter)
            .tags(vec!["a".into(), "b".into()])
            .id_2("h");
        let answer = client(&server, apigen_runtime::Credentials::Token("k-1".into()))
            .get_items_by_id(request)
            .await
            .expect("answer");
        assert_eq!(answer, "plain text");
    }

    #[tokio::test]
    async fn status_ranges_decode_after_exact_statuses() {
        let server = MockServer::start().await;
        Mock::given(path("/items/.7"))
            .respond_with(ResponseTemplate::new(409).set_body_json(json!({"message": "busy"})))
            .mount(&server)
            .await;
        Mock::given(path("/items/.8"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(path("/items/.9"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let c = client(&server, apigen_runtime::Credentials::bearer("t"));
        let detail = |id: i64| {
            let c = c.clone();
            async move {
                match c.get_items_by_id(GetItemsByIdRequest::new(vec![id])).await {
                    Err(apigen_runtime::Error::Api(e)) => e.detail,
                    other => panic!("expected an API error, got {other:?}"),
                }
            }
        };
        let mut problem = Problem::default();
        problem.message = Some("busy".into());
        assert_eq!(detail(7).await, Some(GetItemsByIdError::ClientError(problem)));
        assert_eq!(detail(8).await, Some(GetItemsByIdError::NotFound));
        assert_eq!(detail(9).await, Some(GetItemsByIdError::Other));
    }

    #[tokio::test]
    async fn form_and_text_bodies_and_bearer_tokens() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/items"))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(header("authorization", "Bearer t-1"))
            .and(body_string("name=n&tags=a&tags=b"))
            .respond_with(
                ResponseTemplate::new(201)
                    .set_body_json(json!({"+1": 3, "-1": 1, "fooBar": "x", "foo_bar": "y"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path("/items"))
            .and(header("content-type", "text/plain"))
            .and(body_string("hello"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let c = client(&server, apigen_runtime::Credentials::bearer("t-1"));
        let mut form = Form::new("n");
        form.tags = Some(vec!["a".into(), "b".into()]);
        let reactions = c.create_item_2(CreateItem2Request::new(form)).await.expect("created");
        assert_eq!((reactions.plus_1, reactions.minus_1), (Some(3), Some(1)));
        assert_eq!(
            (reactions.foo_bar.as_deref(), reactions.foo_bar_2.as_deref()),
            (Some("x"), Some("y"))
        );
        c.create_item(CreateItemRequest::new("hello")).await.expect("stored");
    }
}
