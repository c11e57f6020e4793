//! The rule catalogue: every rule id `apigen diff` reports, its level and what it means.
//!
//! Ids follow oasdiff's catalogue (its `checker/` rule ids) where oasdiff has the rule, so users
//! of both tools read the same names. Schema rules exist once per place a schema appears
//! (`request-parameter`, `request-body`, `request-property`, `response-body`,
//! `response-property`, `response-header`, and `component` for schemas no operation uses) and
//! are judged by direction: narrowing what is sent breaks callers, widening what is received
//! may break readers.

use super::{Direction, Level};

use Level::{Breaking as B, Info as I, Warning as W};

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Kebab-case id.
    pub id: String,
    /// Level of every change it reports.
    pub level: Level,
    /// What it reports and why it has that level.
    pub summary: String,
}

/// Rules with a fixed id: operations, parameters, bodies, responses, properties, security,
/// servers, service-wide extensions.
pub const FIXED: &[(&str, Level, &str)] = &[
    // Services (directories and git revisions).
    ("api-service-added", I, "a spec was added: a new crate"),
    ("api-service-removed", B, "a spec was removed: its crate and every operation are gone"),
    // The document.
    ("api-info-changed", I, "title, version or description of the API changed"),
    ("api-server-added", I, "a server (endpoint) was added"),
    ("api-server-removed", W, "a server was removed: callers configured with it must move"),
    ("api-server-changed", W, "the URL of a region's server changed"),
    (
        "api-error-envelope-changed",
        W,
        "`x-error-envelope` changed: where code and message are read, or which codes mean success",
    ),
    ("api-error-code-added", I, "a documented error code was added (`x-error-codes`)"),
    ("api-error-code-removed", I, "a documented error code was removed"),
    ("api-error-code-changed", I, "the status, message or text of an error code changed"),
    ("api-request-id-header-changed", I, "`x-request-id-header` changed"),
    ("api-extension-changed", I, "an `x-` extension of the document or an operation changed"),
    ("api-keyword-changed", I, "another OpenAPI keyword of the document or an operation changed"),
    ("api-tag-added", I, "an operation got a tag"),
    ("api-tag-removed", I, "an operation lost a tag"),
    // Security.
    ("api-security-scheme-added", I, "a security scheme was added"),
    ("api-security-scheme-removed", W, "a security scheme was removed"),
    (
        "api-security-scheme-changed",
        B,
        "a security scheme's type, location, name or scheme changed: credentials go elsewhere",
    ),
    (
        "api-security-scheme-signing-changed",
        B,
        "`x-signing` of a scheme changed (algorithm, service name, signed headers, ...): old signatures are refused",
    ),
    ("api-security-scheme-description-changed", I, "a security scheme's description changed"),
    ("api-global-security-added", I, "the document accepts another way to authenticate"),
    (
        "api-global-security-required",
        B,
        "the document now requires authentication where none was needed",
    ),
    (
        "api-global-security-removed",
        B,
        "a way to authenticate is no longer accepted by the operations that use the document's security",
    ),
    ("api-security-added", I, "an operation accepts another way to authenticate"),
    ("api-security-required", B, "an operation now requires authentication"),
    ("api-security-removed", B, "an operation no longer accepts a way to authenticate"),
    // Operations.
    ("endpoint-added", I, "an operation was added"),
    (
        "api-removed-without-deprecation",
        B,
        "an operation was removed without being deprecated first",
    ),
    ("api-removed-with-deprecation", W, "a deprecated operation was removed"),
    ("endpoint-deprecated", I, "an operation was marked deprecated"),
    ("endpoint-reactivated", I, "an operation is no longer deprecated"),
    ("api-path-changed", B, "an operation (same operationId) moved to another path"),
    ("api-method-changed", B, "an operation (same operationId) changed its HTTP method"),
    (
        "api-operation-id-changed",
        B,
        "an operation's operationId changed: the generated method is renamed",
    ),
    ("api-description-changed", I, "an operation's summary or description changed"),
    // Parameters.
    ("new-required-request-parameter", B, "a required parameter was added"),
    ("new-optional-request-parameter", I, "an optional parameter was added"),
    ("request-parameter-removed", W, "a parameter was removed: the server ignores or refuses it"),
    (
        "request-parameter-renamed",
        B,
        "a parameter was renamed (same location and schema, similar name)",
    ),
    ("request-parameter-location-changed", B, "a parameter moved (e.g. from query to header)"),
    ("request-parameter-became-required", B, "a parameter became required"),
    ("request-parameter-became-optional", I, "a parameter became optional"),
    (
        "request-parameter-serialization-changed",
        W,
        "`style` or `explode` of a parameter changed: arrays are sent differently",
    ),
    // Request bodies.
    ("request-body-added-required", B, "a required request body was added"),
    ("request-body-added-optional", I, "an optional request body was added"),
    ("request-body-removed", B, "the request body was removed"),
    ("request-body-became-required", B, "the request body became required"),
    ("request-body-became-optional", I, "the request body became optional"),
    ("request-body-media-type-added", I, "the request body accepts another media type"),
    ("request-body-media-type-removed", B, "the request body no longer accepts a media type"),
    // Request properties.
    ("new-required-request-property", B, "a required property was added to a request schema"),
    ("new-optional-request-property", I, "an optional property was added to a request schema"),
    (
        "request-property-removed",
        W,
        "a property was removed from a request schema: the server ignores or refuses it",
    ),
    (
        "request-property-renamed",
        B,
        "a request property was renamed (same schema, similar name): the old name is not read",
    ),
    ("request-property-became-required", B, "a request property became required"),
    ("request-property-became-optional", I, "a request property became optional"),
    // Responses.
    ("response-success-status-added", I, "a success status was added"),
    ("response-success-status-removed", B, "a success status was removed"),
    ("response-non-success-status-added", I, "an error status was documented"),
    (
        "response-non-success-status-removed",
        W,
        "an error status is no longer documented: its typed error is gone",
    ),
    ("response-media-type-added", I, "a response got another media type"),
    ("response-media-type-removed", B, "a response lost a media type"),
    (
        "response-body-added",
        W,
        "a response without a body now has one: generated clients return it instead of nothing",
    ),
    ("response-body-removed", B, "a response lost its body: readers get nothing"),
    ("response-header-added", I, "a response header was documented"),
    ("required-response-header-removed", B, "a required response header was removed"),
    ("optional-response-header-removed", W, "an optional response header was removed"),
    ("response-header-became-optional", B, "a response header is no longer always sent"),
    // Response properties.
    ("response-required-property-added", I, "a required property was added to a response"),
    ("response-optional-property-added", I, "an optional property was added to a response"),
    ("response-property-removed", B, "a property was removed from a response: readers lose it"),
    (
        "response-property-renamed",
        B,
        "a response property was renamed (same schema, similar name): readers lose the old name",
    ),
    ("response-property-became-optional", B, "a response property is no longer always present"),
    ("response-property-became-required", I, "a response property is now always present"),
    // Components.
    ("api-schema-added", I, "a schema was added to components"),
    ("api-schema-removed", I, "a schema was removed from components"),
    (
        "api-schema-renamed",
        I,
        "a schema was renamed with the same content (wire-compatible; the Rust type is renamed)",
    ),
    ("component-property-added", I, "a property was added to a schema no operation uses"),
    ("component-property-removed", I, "a property was removed from a schema no operation uses"),
    ("component-property-renamed", I, "a property of a schema no operation uses was renamed"),
    ("component-property-became-required", I, "a property of an unused schema became required"),
    ("component-property-became-optional", I, "a property of an unused schema became optional"),
];

/// Schema rules: suffix, level where the schema is sent (request), level where it is received
/// (response), summary. The id is `<place>-<suffix>`, e.g. `request-property-max-length-decreased`.
pub const SCHEMA: &[(&str, Level, Level, &str)] = &[
    ("type-changed", B, B, "the type changed"),
    (
        "type-generalized",
        I,
        B,
        "the type widened (integer to number): more values are sent or accepted",
    ),
    ("type-specialized", B, I, "the type narrowed (number to integer)"),
    ("format-changed", B, B, "the format changed (e.g. date to date-time)"),
    ("format-generalized", I, B, "the format widened (int32 to int64, float to double)"),
    ("format-specialized", B, I, "the format narrowed (int64 to int32, double to float)"),
    ("format-set", B, I, "a format was added"),
    ("format-unset", I, W, "the format was removed"),
    ("became-nullable", I, B, "the value may now be null"),
    ("became-not-nullable", B, I, "the value may no longer be null"),
    ("enum-value-added", I, B, "an enum value was added: readers may not know it"),
    ("enum-value-removed", B, I, "an enum value was removed: senders of it are refused"),
    ("became-enum", B, I, "the value is now restricted to an enum"),
    ("became-not-enum", I, B, "the value is no longer restricted to an enum"),
    ("max-length-decreased", B, I, "maxLength decreased"),
    ("max-length-increased", I, W, "maxLength increased"),
    ("max-length-set", B, I, "maxLength was added"),
    ("max-length-unset", I, W, "maxLength was removed"),
    ("min-length-increased", B, I, "minLength increased"),
    ("min-length-decreased", I, W, "minLength decreased"),
    ("min-length-set", B, I, "minLength was added"),
    ("min-length-unset", I, W, "minLength was removed"),
    ("max-decreased", B, I, "maximum decreased (or became exclusive)"),
    ("max-increased", I, W, "maximum increased (or became inclusive)"),
    ("max-set", B, I, "maximum was added"),
    ("max-unset", I, W, "maximum was removed"),
    ("min-increased", B, I, "minimum increased (or became exclusive)"),
    ("min-decreased", I, W, "minimum decreased (or became inclusive)"),
    ("min-set", B, I, "minimum was added"),
    ("min-unset", I, W, "minimum was removed"),
    ("max-items-decreased", B, I, "maxItems decreased"),
    ("max-items-increased", I, W, "maxItems increased"),
    ("max-items-set", B, I, "maxItems was added"),
    ("max-items-unset", I, W, "maxItems was removed"),
    ("min-items-increased", B, I, "minItems increased"),
    ("min-items-decreased", I, W, "minItems decreased"),
    ("min-items-set", B, I, "minItems was added"),
    ("min-items-unset", I, W, "minItems was removed"),
    ("pattern-added", B, I, "a pattern was added"),
    ("pattern-removed", I, W, "the pattern was removed"),
    ("pattern-changed", W, I, "the pattern changed: some values valid before may be refused"),
    ("default-value-added", I, I, "a default was added"),
    ("default-value-removed", W, I, "the default was removed: omitted values mean something else"),
    ("default-value-changed", W, I, "the default changed: omitted values mean something else"),
    (
        "additional-properties-changed",
        W,
        W,
        "`additionalProperties` was added, removed or changed kind",
    ),
    (
        "ref-changed",
        I,
        I,
        "the schema refers to another component, or was inlined or extracted (the Rust type changes name)",
    ),
    ("deprecated", I, I, "marked deprecated, or no longer deprecated"),
    ("description-changed", I, I, "description, title or enum value descriptions changed"),
    ("example-changed", I, I, "an example changed"),
    ("extension-changed", I, I, "an `x-` extension changed"),
    ("keyword-changed", I, I, "another schema keyword changed (uniqueItems, readOnly, ...)"),
];

/// The places a schema appears, as rule-id prefixes.
pub const PLACES: &[&str] = &[
    "request-parameter",
    "request-body",
    "request-property",
    "response-body",
    "response-property",
    "response-header",
    "component",
];

/// The level of a schema rule `suffix` in `direction` (`None`: a schema no operation uses,
/// always info).
pub fn schema_level(suffix: &str, direction: Option<Direction>) -> Level {
    let Some(direction) = direction else { return I };
    SCHEMA.iter().find(|(s, ..)| *s == suffix).map_or(
        W,
        |(_, request, response, _)| match direction {
            Direction::Request => *request,
            Direction::Response => *response,
        },
    )
}

/// The level of rule `id`; `None` for an id not in the catalogue.
pub fn level(id: &str) -> Option<Level> {
    if let Some((_, level, _)) = FIXED.iter().find(|(i, ..)| *i == id) {
        return Some(*level);
    }
    for place in PLACES {
        let Some(suffix) = id.strip_prefix(place).and_then(|s| s.strip_prefix('-')) else {
            continue;
        };
        if SCHEMA.iter().any(|(s, ..)| *s == suffix) {
            let direction = match *place {
                "component" => None,
                p if p.starts_with("request") => Some(Direction::Request),
                _ => Some(Direction::Response),
            };
            return Some(schema_level(suffix, direction));
        }
    }
    None
}

/// Every rule id with its level and summary, fixed rules first, then schema rules per place.
pub fn catalogue() -> Vec<Rule> {
    let mut out: Vec<Rule> = FIXED
        .iter()
        .map(|(id, level, summary)| Rule {
            id: (*id).to_owned(),
            level: *level,
            summary: (*summary).to_owned(),
        })
        .collect();
    for place in PLACES {
        for (suffix, _, _, summary) in SCHEMA {
            let id = format!("{place}-{suffix}");
            let level = level(&id).unwrap_or(W);
            out.push(Rule { id, level, summary: (*summary).to_owned() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_levels_follow_direction() {
        let all = catalogue();
        let mut ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule id");
        for id in &ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
        }
        assert_eq!(level("request-property-max-length-decreased"), Some(B));
        assert_eq!(level("response-property-max-length-decreased"), Some(I));
        assert_eq!(level("response-body-enum-value-added"), Some(B));
        assert_eq!(level("request-parameter-enum-value-added"), Some(I));
        assert_eq!(level("component-type-changed"), Some(I));
        assert_eq!(level("no-such-rule"), None);
    }
}
