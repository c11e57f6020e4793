//! The intermediate representation: plain data, independent of OpenAPI's shape and of Rust
//! syntax. Names are already Rust identifiers, types are resolved, docs attached. Emission and
//! diff read only this.

use serde::Serialize;

/// One service: everything one generated crate is made from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Service {
    /// Crate name, e.g. `huaweicloud-coc`.
    pub crate_name: String,
    /// How the crate is versioned and published (`info.x-crate-*`).
    pub package: Package,
    /// Spec path, relative to the spec root, for the generated headers.
    pub source: String,
    /// API title.
    pub title: String,
    /// API version as the spec states it.
    pub version: String,
    /// API description.
    pub description: Option<String>,
    /// Known endpoints.
    pub servers: Vec<Server>,
    /// Authentication schemes.
    pub auth: Auth,
    /// Response header carrying a request id.
    pub request_id_header: Option<String>,
    /// JSON pointer to the part of every success body that holds the answer
    /// (`x-response-wrapper`).
    pub response_pointer: Option<String>,
    /// Header carrying the region, when the service takes it per request.
    pub region_header: Option<String>,
    /// Header carrying the answer language.
    pub language_header: Option<String>,
    /// Headers every request must carry (`x-common-headers` marked required).
    pub required_headers: Vec<String>,
    /// Client-wide settings sent as headers (`x-setting` on header parameters): setting name
    /// and header name, sorted.
    pub settings: Vec<(String, String)>,
    /// Where the service puts error code and message (error bodies and success bodies).
    pub error_envelope: Option<ErrorEnvelope>,
    /// Documented error codes.
    pub error_codes: Vec<ErrorCode>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Cargo features, one per API group (`x-group`), sorted.
    pub features: Vec<String>,
    /// The API groups operations belong to (`x-group`, else their first tag), sorted by name.
    pub groups: Vec<Group>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
}

impl Service {
    /// The named type `name` (`types` is sorted by name).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let i = self.types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()?;
        Some(&self.types[i])
    }
}

/// The crate's package metadata beyond its name (`info.x-crate-*`; see spec/README.md).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Package {
    /// The crate's version (`x-crate-version`, default `0.1.0`), valid semver; `apigen release`
    /// sets it.
    pub version: String,
    /// Source repository URL (`x-crate-repository`); omitted from Cargo.toml when unset.
    pub repository: Option<String>,
    /// Documentation URL (`x-crate-documentation`; emitted as `https://docs.rs/<crate>` when
    /// unset).
    pub documentation: Option<String>,
    /// crates.io keywords (`x-crate-keywords`; when unset, emitted from the crate name), at most
    /// five.
    pub keywords: Option<Vec<String>>,
    /// crates.io category slugs (`x-crate-categories`).
    pub categories: Vec<String>,
    /// Whether the crate may be published (`x-crate-publish`, default true).
    pub publish: bool,
}

/// An API group: the operations of one `x-group` or tag, emitted as one module.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// Name as the spec writes it (`servers`, `ScriptManagement`).
    pub name: String,
    /// The tag's description.
    pub doc: Option<String>,
    /// The Cargo feature that compiles the group (`x-group`).
    pub feature: Option<String>,
}

/// An endpoint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    /// Base URL.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Region id this endpoint serves (`x-region`).
    pub region: Option<String>,
    /// The URL with each `{variable}` replaced by its default (for examples).
    pub example_url: String,
}

/// How the service authenticates.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Auth {
    /// A token sent in a header.
    pub token: Option<TokenAuth>,
    /// Request signing with access keys.
    pub signing: Option<Signing>,
}

/// Token authentication.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TokenAuth {
    /// Header, query parameter or cookie carrying the token (see `location`).
    pub header: String,
    /// Where the token goes: `header`, `query` or `cookie` (an OpenAPI `apiKey`'s `in`).
    pub location: String,
    /// How tokens are obtained (`x-token-auth.provider`).
    pub provider: Option<String>,
    /// Description from the spec.
    pub description: Option<String>,
}

/// Access-key signing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Signing {
    /// Algorithm id, e.g. `huawei-sdk-hmac-sha256`.
    pub algorithm: String,
    /// Header carrying the project id.
    pub project_id_header: Option<String>,
    /// Service name of the credential scope (TC3, Sangfor AWS4).
    pub service: Option<String>,
    /// Region of the credential scope (Sangfor AWS4).
    pub region: Option<String>,
    /// A fixed `SignedHeaders` list, when the scheme declares one (Sangfor AWS4).
    pub signed_headers: Option<String>,
    /// Description from the spec.
    pub description: Option<String>,
}

/// `x-error-envelope`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorEnvelope {
    /// JSON pointer to the code.
    pub code: String,
    /// JSON pointer to the message.
    pub message: String,
    /// JSON pointer to a request id in the body.
    pub request_id: Option<String>,
    /// Codes that mean success in a 2xx body; any other code present is a failure.
    pub success: Vec<String>,
    /// A 2xx body is a failure only when the object at this pointer holds no other keys.
    pub only_keys: Option<(String, Vec<String>)>,
}

/// One documented error code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorCode {
    /// HTTP status, when stated.
    pub status: Option<u16>,
    /// The code, e.g. `COC.00040601`.
    pub code: String,
    /// The message the service sends.
    pub message: Option<String>,
    /// What it means.
    pub description: Option<String>,
    /// What to do.
    pub action: Option<String>,
}

/// A named type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeDef {
    /// Rust name (PascalCase).
    pub name: String,
    /// Name in the spec, when it came from `components/schemas`.
    pub spec_name: Option<String>,
    /// Documentation.
    pub doc: String,
    /// Shape.
    pub kind: TypeKind,
    /// The Cargo features that need this type (empty: always compiled).
    pub features: Vec<String>,
    /// The operations (method names) whose inputs or answers reach this type, sorted (empty:
    /// none does).
    pub operations: Vec<String>,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Properties in spec order.
        fields: Vec<Field>,
        /// Type of additional properties, when the object also allows them.
        additional: Option<TypeRef>,
    },
    /// A string enumeration.
    Enum {
        /// Values in spec order.
        variants: Vec<Variant>,
    },
    /// Another name for a type (a named array, map or scalar schema).
    Alias(TypeRef),
    /// One of several types (`oneOf`, `anyOf`): a Rust enum with a variant per alternative.
    Union {
        /// Alternatives, in the order an untagged value is tried against them (the most
        /// specific first, one that matches everything last).
        variants: Vec<UnionVariant>,
        /// The property whose value names the alternative (`discriminator.propertyName`);
        /// `None`: the alternative is the first whose shape fits.
        tag: Option<String>,
    },
}

/// An alternative of a [`TypeKind::Union`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub ident: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Tagged unions: the discriminator values that select this alternative (the first is
    /// written when serializing).
    pub tags: Vec<String>,
    /// Boxed to break a cycle of directly nested types.
    pub boxed: bool,
    /// Documentation.
    pub doc: String,
}

/// A property of a struct.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name (snake_case, keyword-safe).
    pub ident: String,
    /// Type (without the `Option` of an optional field).
    pub ty: TypeRef,
    /// Required and not nullable: the Rust field is not an `Option`.
    pub required: bool,
    /// The key must be present (required in the spec), even when the value is `null`.
    pub key_required: bool,
    /// The value is fixed (a required single-value enum): the client fills it in.
    pub constant: Option<String>,
    /// Boxed to break a cycle of directly nested types.
    pub boxed: bool,
    /// Other names to find the field by in the docs (`x-doc-alias`, e.g. the correct spelling
    /// of a misspelled wire name).
    pub aliases: Vec<String>,
    /// Documentation.
    pub doc: String,
}

/// A value of a string enum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variant {
    /// Value on the wire.
    pub wire: String,
    /// Rust variant name.
    pub ident: String,
    /// Documentation.
    pub doc: String,
}

/// A reference to a type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum TypeRef {
    /// Text.
    String,
    /// A signed integer of 32 or 64 bits.
    Integer {
        /// 32 or 64.
        bits: u8,
    },
    /// An unsigned integer of 32 or 64 bits (`format: uint32` / `uint64`).
    Unsigned {
        /// 32 or 64.
        bits: u8,
    },
    /// A floating point number.
    Number,
    /// A boolean.
    Boolean,
    /// Any JSON value.
    Any,
    /// A JSON object with arbitrary keys.
    Object,
    /// A named type.
    Named(String),
    /// A list.
    Array(Box<TypeRef>),
    /// A map from strings.
    Map(Box<TypeRef>),
    /// A file: a multipart field uploaded from a path or bytes, or a binary answer streamed
    /// to the caller.
    File,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

/// Where a documented operation comes from (`x-doc`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocRef {
    /// Document file.
    pub seed: String,
    /// Section number.
    pub section: Option<String>,
    /// Section title.
    pub title: Option<String>,
}

/// One operation: one method of the client.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// Rust method name (snake_case).
    pub ident: String,
    /// Rust type-name stem (PascalCase) for the request, response and error types.
    pub type_stem: String,
    /// `operationId` as written.
    pub operation_id: String,
    /// HTTP method.
    pub method: Method,
    /// Path the client sends, with `{name}` placeholders.
    pub path: String,
    /// Path key in the spec (may carry a `#` fragment).
    pub spec_path: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Source document reference.
    pub doc_ref: Option<DocRef>,
    /// Deprecated in the spec.
    pub deprecated: bool,
    /// Path, query and header parameters, in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<RequestBody>,
    /// Success response.
    pub success: Response,
    /// Documented error responses.
    pub errors: Vec<Response>,
    /// Envelope of this operation (its own or the service's).
    pub error_envelope: Option<ErrorEnvelope>,
    /// Error codes documented for this operation.
    pub error_codes: Vec<ErrorCode>,
    /// Headers with a fixed value the operation always sends (the RPC action and version).
    pub fixed_headers: Vec<(String, String)>,
    /// The documented rate limit (`x-rate-limit`).
    pub rate_limit: Option<RateLimit>,
    /// How the operation pages (`x-pagination`).
    pub pagination: Option<Pagination>,
    /// The Cargo feature that gates the operation (`x-group`), if any.
    pub feature: Option<String>,
    /// The API group (`x-group`, else the first tag), if any.
    pub group: Option<String>,
    /// JSON pointer to the part of the success body that is the answer
    /// (`x-response-wrapper` of the operation, else of the spec).
    pub response_pointer: Option<String>,
    /// The operation takes no credentials (`security: []` on the operation): the client sends
    /// none, whatever it was built with.
    pub anonymous: bool,
    /// The task the operation starts (`x-async-task`).
    pub async_task: Option<AsyncTask>,
    /// How this operation's answer tells where a task stands, when it is the task operation
    /// others poll (`x-task-status`).
    pub task_status: Option<TaskStatus>,
}

/// `x-async-task`: the operation answers with the id of a task that goes on after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AsyncTask {
    /// JSON pointer to the task id in the success answer.
    pub task_id: String,
    /// Method name of the operation that reports the task's status.
    pub poll: String,
    /// Where `x-async-task` is written, for diagnostics.
    #[serde(skip)]
    pub span: crate::diag::Span,
}

/// `x-task-status`: JSON pointers into a task operation's answer, and the status values that
/// end a wait.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskStatus {
    /// Pointer to the status.
    pub status: String,
    /// Status values of a task that succeeded.
    pub succeeded: Vec<String>,
    /// Status values of a task that failed or was cancelled.
    pub failed: Vec<String>,
    /// Pointer to the progress.
    pub progress: Option<String>,
    /// Pointer to the failure explanation.
    pub reason: Option<String>,
    /// Where `x-task-status` is written, for diagnostics.
    #[serde(skip)]
    pub span: crate::diag::Span,
}

/// `x-pagination`, resolved against the operation's parameters and success type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pagination {
    /// Offset/limit or page number/size, with the Rust names of the parameters.
    pub style: PageStyle,
    /// The fields from the page down to the item array.
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item_ty: TypeRef,
    /// The fields from the page down to the total count, when the service states one.
    pub total: Option<Vec<FieldStep>>,
}

/// How the next page is asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PageStyle {
    /// `offset` counts items skipped; `limit` is the page size.
    Offset {
        /// Request field of the offset.
        offset: String,
        /// Request field of the page size.
        limit: Option<String>,
    },
    /// `page` numbers pages from 1; `size` is the page size.
    Page {
        /// Request field of the page number.
        page: String,
        /// Request field of the page size.
        size: Option<String>,
    },
}

/// One field on the way from a page to its items or total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldStep {
    /// Rust field name.
    pub ident: String,
    /// Not an `Option`.
    pub required: bool,
    /// Boxed.
    pub boxed: bool,
}

/// `x-rate-limit`: at most `requests` per `per_seconds`, counted per `key`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateLimit {
    /// Requests with the same key share the limit.
    pub key: String,
    /// Requests allowed per period.
    pub requests: u32,
    /// The period, in seconds.
    pub per_seconds: u64,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A field of a `multipart/form-data` body.
    Form,
    /// A cookie.
    Cookie,
}

/// A parameter of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name.
    pub ident: String,
    /// Location.
    pub location: ParamLocation,
    /// Type.
    pub ty: TypeRef,
    /// Required.
    pub required: bool,
    /// Arrays: one `name=value` pair per item (`explode: true`, OpenAPI's default for the
    /// `form` style of query parameters) or one pair with comma-separated items (`explode: false`).
    pub explode: bool,
    /// The `style` the spec states (`form`, `simple`, `label`, `matrix`, `deepObject`,
    /// `spaceDelimited`, `pipeDelimited`), when it states one.
    pub style: Option<String>,
    /// The content type the spec documents for a file field (`encoding.<field>.contentType`).
    pub content_type: Option<String>,
    /// Documentation.
    pub doc: String,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestBody {
    /// Media type as sent.
    pub content_type: String,
    /// Type.
    pub ty: TypeRef,
    /// Required.
    pub required: bool,
    /// Documentation.
    pub doc: String,
}

/// A response of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    /// Status code (`None`: `default` or a range).
    pub status: Option<u16>,
    /// A range of statuses (`4XX`: 4), when the spec documents one.
    pub range: Option<u8>,
    /// The body is text (`text/plain` and other `text/*` types): `ty` is `String`.
    pub text: bool,
    /// Body type, when the response has a JSON body.
    pub ty: Option<TypeRef>,
    /// Description.
    pub doc: String,
}
