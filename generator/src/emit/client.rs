//! The service-level items: the `ServiceInfo` the runtime builder reads, `Client`, `Region`,
//! the error envelope and the documented error codes.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{ErrorEnvelope, Service};

use super::doc;
use super::model::ident;

/// `Option<&ErrorEnvelope>` as a constant expression.
pub fn envelope_tokens(envelope: Option<&ErrorEnvelope>) -> TokenStream {
    let Some(e) = envelope else { return quote! { None } };
    let code = &e.code;
    let message = &e.message;
    let request_id = match &e.request_id {
        Some(p) => quote! { Some(#p) },
        None => quote! { None },
    };
    let success = &e.success;
    let only_keys = match &e.only_keys {
        Some((at, keys)) => quote! { Some((#at, &[#(#keys),*])) },
        None => quote! { None },
    };
    quote! {
        Some(&::apigen_runtime::ErrorEnvelope {
            code: #code,
            message: #message,
            request_id: #request_id,
            success: &[#(#success),*],
            only_keys: #only_keys,
        })
    }
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// The items of `client.rs`.
pub fn client(service: &Service) -> TokenStream {
    let token_in = |location: &str| {
        opt_str(
            service
                .auth
                .token
                .as_ref()
                .filter(|t| t.location == location)
                .map(|t| t.header.as_str()),
        )
    };
    let (token_header, token_query, token_cookie) =
        (token_in("header"), token_in("query"), token_in("cookie"));
    let signing = match service.auth.signing.as_ref().map(|s| s.algorithm.as_str()) {
        Some("huawei-sdk-hmac-sha256") => {
            quote! { Some(::apigen_runtime::SigningScheme::HuaweiSdkHmacSha256) }
        }
        Some("sangfor-aws4") => {
            let s = service.auth.signing.as_ref();
            let text = |v: Option<&String>, default: &str| {
                v.cloned().unwrap_or_else(|| default.to_owned())
            };
            let region = text(s.and_then(|s| s.region.as_ref()), "cn-south-1");
            let scope_service = text(s.and_then(|s| s.service.as_ref()), "open-api");
            let signed = text(s.and_then(|s| s.signed_headers.as_ref()), "path;x-amz-date");
            quote! { Some(::apigen_runtime::SigningScheme::SangforAws4 { region: #region, service: #scope_service, signed_headers: #signed }) }
        }
        Some("tc3-hmac-sha256") => {
            let service =
                service.auth.signing.as_ref().and_then(|s| s.service.clone()).unwrap_or_default();
            quote! { Some(::apigen_runtime::SigningScheme::Tc3HmacSha256 { service: #service }) }
        }
        _ => quote! { None },
    };
    let project_id_header =
        opt_str(service.auth.signing.as_ref().and_then(|s| s.project_id_header.as_deref()));
    let request_id_header = opt_str(service.request_id_header.as_deref());
    let region_header = opt_str(service.region_header.as_deref());
    let language_header = opt_str(service.language_header.as_deref());
    let required_headers = &service.required_headers;
    let setting_names = service.settings.iter().map(|(s, _)| s);
    let setting_headers = service.settings.iter().map(|(_, h)| h);
    let response_pointer = opt_str(service.response_pointer.as_deref());
    let regional: Vec<_> =
        service.servers.iter().filter_map(|s| Some((s.region.as_deref()?, s))).collect();
    let region_pairs = regional.iter().map(|(id, s)| {
        let url = &s.url;
        quote! { (#id, #url) }
    });
    let default_endpoint = match service.servers.as_slice() {
        [only] if only.region.is_none() && !only.url.contains('{') => opt_str(Some(&only.url)),
        _ => opt_str(None),
    };
    // The shared envelope, when some operation uses it (others carry their own).
    let envelope = service
        .operations
        .iter()
        .any(|op| op.error_envelope == service.error_envelope)
        .then(|| {
            let value = envelope_tokens(service.error_envelope.as_ref());
            // With features, every operation that reads it may be compiled out.
            let allow = (!service.features.is_empty()).then(|| quote! { #[allow(dead_code)] });
            quote! {
                /// Where the service reports failures inside a response body.
                #allow
                pub(crate) const ERROR_ENVELOPE: Option<&::apigen_runtime::ErrorEnvelope> = #value;
            }
        });
    let client_doc = doc::trusted(&format!(
        "Client of {}.\n\nBuild one with [`Client::builder`]; it is cheap to clone, and clones share connections, credentials and settings. Every operation of the API is a method.",
        doc::sanitize(&service.title)
    ));
    let region = region_enum(&regional);
    quote! {
        pub(crate) static SERVICE: ::apigen_runtime::ServiceInfo = ::apigen_runtime::ServiceInfo {
            crate_name: ::std::env!("CARGO_PKG_NAME"),
            crate_version: ::std::env!("CARGO_PKG_VERSION"),
            auth: ::apigen_runtime::AuthSettings {
                token_header: #token_header,
                token_query: #token_query,
                token_cookie: #token_cookie,
                signing: #signing,
                project_id_header: #project_id_header,
            },
            request_id_header: #request_id_header,
            regions: &[#(#region_pairs),*],
            default_endpoint: #default_endpoint,
            region_header: #region_header,
            language_header: #language_header,
            required_headers: &[#(#required_headers),*],
            settings: &[#((#setting_names, #setting_headers)),*],
            response_pointer: #response_pointer,
        };

        #envelope

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: ::apigen_runtime::Transport,
        }

        impl Client {
            /// A builder: set an endpoint or a region, credentials, and optionally timeouts,
            /// retries, a user agent or your own `reqwest::Client`.
            pub fn builder() -> ::apigen_runtime::ClientBuilder<Self> {
                ::apigen_runtime::ClientBuilder::new(&SERVICE)
            }

            /// The transport, for requests this crate does not describe.
            pub fn transport(&self) -> &::apigen_runtime::Transport {
                &self.transport
            }
        }

        impl From<::apigen_runtime::Transport> for Client {
            fn from(transport: ::apigen_runtime::Transport) -> Self {
                Self { transport }
            }
        }

        #region
    }
}

fn region_enum(regional: &[(&str, &crate::ir::Server)]) -> TokenStream {
    if regional.is_empty() {
        return TokenStream::new();
    }
    let mut variants = Vec::new();
    let mut ids = Vec::new();
    let mut urls = Vec::new();
    for (id, server) in regional {
        let variant = ident(&crate::lower::names::pascal(id));
        let text = match &server.description {
            Some(d) => format!("`{id}` ({}): <{}>", doc::sanitize(d), server.url),
            None => format!("`{id}`: <{}>", server.url),
        };
        let doc = doc::trusted(&text);
        variants.push(quote! { #doc #variant });
        ids.push(quote! { Self::#variant => #id });
        urls.push({
            let url = &server.url;
            quote! { Self::#variant => #url }
        });
    }
    quote! {
        /// The documented regions; pass one to [`ClientBuilder::region`](::apigen_runtime::ClientBuilder::region).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Region { #(#variants,)* }

        impl Region {
            /// The region id, e.g. `cn-north-4`.
            pub fn id(self) -> &'static str {
                match self { #(#ids,)* }
            }

            /// The documented endpoint of the region.
            pub fn endpoint(self) -> &'static str {
                match self { #(#urls,)* }
            }
        }

        impl AsRef<str> for Region {
            fn as_ref(&self) -> &str {
                self.id()
            }
        }
    }
}

/// The items of `error_codes.rs`: one constant per documented error code.
pub fn error_codes(service: &Service) -> TokenStream {
    let mut names = std::collections::BTreeSet::new();
    let mut codes = std::collections::BTreeSet::new();
    let items = service.error_codes.iter().filter_map(|c| {
        // A code the document lists under several statuses gets one constant.
        if !codes.insert(c.code.clone()) {
            return None;
        }
        let base = crate::lower::names::pascal(&c.code).to_shouty_snake_case();
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let mut text = format!("`{}`", c.code);
        if let Some(status) = c.status {
            text.push_str(&format!(" (HTTP {status})"));
        }
        if let Some(m) = &c.message {
            text.push_str(&format!(": {m}"));
        }
        if let Some(d) = &c.description {
            text.push_str(&format!("\n\n{d}"));
        }
        if let Some(a) = &c.action {
            text.push_str(&format!("\n\nWhat to do: {a}"));
        }
        let doc = doc::attrs(&text);
        let ident = ident(&name);
        let code = &c.code;
        Some(quote! { #doc pub const #ident: &str = #code; })
    });
    quote! { #(#items)* }
}
