//! The public API of a generated crate, read with syn, and the semver judgement of its
//! changes.
//!
//! Every public item gets a stable path: `models::Pet` (a type), `models::Pet::name` (a field),
//! `models::Pet::new()` (a function or method), `models::Status::Active` (a variant),
//! `Client::show_pet()` (an operation's method), `impl Clone for models::Pet` (a trait impl,
//! derived or written), `AkSk` (a re-export). Each has a normalised signature, its docs and the
//! attributes semver cares about (`#[non_exhaustive]`, `#[deprecated]`). The judgement follows
//! the Cargo reference's semver rules as cargo-semver-checks applies them; where it has a lint
//! for a change, the lint's name is given.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use serde::Serialize;
use syn::punctuated::Punctuated;

use super::{DiffError, Semver};
use crate::emit::File;

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Stable path (the key).
    pub path: String,
    /// `struct`, `enum`, `field`, `variant`, `fn`, `type`, `const`, `static`, `impl`,
    /// `reexport`.
    pub kind: &'static str,
    /// The type a field, variant, method or impl belongs to.
    pub owner: Option<String>,
    /// Normalised signature.
    pub signature: String,
    /// Documentation text.
    pub docs: String,
    /// A constant's value.
    pub value: Option<String>,
    /// `#[deprecated]`.
    pub deprecated: bool,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// A trait impl that comes from `#[derive]`.
    pub derived: bool,
}

/// Every public item of a crate, by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicApi {
    /// Items by path.
    pub items: BTreeMap<String, Item>,
}

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new crate.
    Added,
    /// Only in the old crate.
    Removed,
    /// In both, different.
    Changed,
}

/// One public item added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RustChange {
    /// The item's path.
    pub item: String,
    /// Its kind (as in [`Item::kind`]).
    pub kind: &'static str,
    /// The type it belongs to.
    #[serde(skip)]
    pub owner: Option<String>,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The bump this change alone needs.
    pub semver: Semver,
    /// Old signature.
    pub old: Option<String>,
    /// New signature.
    pub new: Option<String>,
    /// The cargo-semver-checks lint that reports this change, when there is one.
    pub lint: Option<&'static str>,
    /// Why it needs that bump.
    pub reason: String,
    /// Its documentation (or a constant's value) changed.
    #[serde(skip)]
    pub docs_changed: bool,
}

/// Reads the public API of a generated crate from its files.
/// The files are parsed on as many threads as the machine has cores, function bodies left out.
/// Syntax trees cannot move between threads, so each thread keeps the trees of its files:
/// it sends the types they define, receives every file's, and reads its files' items.
pub fn public_api(files: &[File]) -> Result<PublicApi, DiffError> {
    // An item is known by the top-level module that re-exports it (`models::Pet`, also when it
    // is written in `models/pets.rs`): that is the path users write, and it stays when a later
    // revision moves the item between group modules. Files are read in module order.
    let module_of = |f: &File| {
        let inner = f.path.trim_start_matches("src/").trim_end_matches(".rs");
        inner.split('/').next().unwrap_or(inner).to_owned()
    };
    let mut sources: Vec<(String, &File)> =
        files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| (module_of(f), f)).collect();
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let mut base = Reader::default();
    let mut lib = None;
    if let Some((_, f)) = sources.iter().find(|(m, _)| m == "lib") {
        let tree = parse(f)?;
        base.read_lib(&tree);
        lib = Some(tree);
    }
    let others: Vec<&(String, &File)> = sources.iter().filter(|(m, _)| m != "lib").collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
    let chunks: Vec<&[&(String, &File)]> =
        others.chunks(others.len().div_ceil(threads).max(1)).collect();
    type Types = Vec<((String, String), String)>;
    let (defined_tx, defined_rx) = std::sync::mpsc::channel::<(usize, Result<Types, DiffError>)>();
    let results = std::thread::scope(|scope| {
        let mut table_txs = Vec::new();
        let mut handles = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let (table_tx, table_rx) = std::sync::mpsc::channel::<Reader>();
            table_txs.push(table_tx);
            let (defined_tx, base) = (defined_tx.clone(), &base);
            handles.push(crate::stack::spawn_scoped(scope, move || {
                let parsed: Result<Vec<(&str, syn::File)>, DiffError> =
                    chunk.iter().map(|(m, f)| Ok((m.as_str(), parse(f)?))).collect();
                let (trees, types) = match parsed {
                    Ok(trees) => {
                        let mut reader = base.clone();
                        for (module, tree) in &trees {
                            reader.define(module, tree);
                        }
                        let types: Types = reader.types.into_iter().collect();
                        (trees, Ok(types))
                    }
                    Err(e) => (Vec::new(), Err(e)),
                };
                // Nothing more to do when the table does not come (another thread failed).
                if defined_tx.send((i, types)).is_err() {
                    return Vec::new();
                }
                drop(defined_tx);
                let Ok(mut reader) = table_rx.recv() else { return Vec::new() };
                trees
                    .iter()
                    .map(|(module, tree)| {
                        reader.read_items(module, tree);
                        ((*module).to_owned(), std::mem::take(&mut reader.items))
                    })
                    .collect::<Vec<_>>()
            }));
        }
        drop(defined_tx);
        // Every thread's types, without the items the root's re-exports made.
        let mut table = Reader { items: BTreeMap::new(), ..base.clone() };
        let mut failed = None;
        let mut received: Vec<(usize, Types)> = Vec::new();
        for _ in 0..chunks.len() {
            match defined_rx.recv() {
                Ok((i, Ok(types))) => received.push((i, types)),
                Ok((_, Err(e))) => failed = failed.or(Some(e)),
                Err(_) => failed = failed.or_else(|| Some(panicked())),
            }
        }
        if let Some(e) = failed {
            drop(table_txs);
            for h in handles {
                let _ = h.join();
            }
            return Err(e);
        }
        received.sort_by_key(|(i, _)| *i);
        for (key, path) in received.into_iter().flat_map(|(_, types)| types) {
            table.add_type(key, path);
        }
        for tx in &table_txs {
            let _ = tx.send(table.clone());
        }
        let mut out = Vec::new();
        for h in handles {
            out.push(h.join().map_err(|_| panicked())?);
        }
        Ok((table, out))
    });
    let (mut reader, read) = results?;
    let mut per_file: Vec<(String, BTreeMap<String, Item>)> = Vec::new();
    if let Some(tree) = &lib {
        reader.read_items("", tree);
        per_file.push(("lib".to_owned(), std::mem::take(&mut reader.items)));
    }
    reader.items = base.items;
    per_file.extend(read.into_iter().flatten());
    // In module order, as one reader would have read them.
    per_file.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, items) in per_file {
        reader.items.extend(items);
    }
    Ok(PublicApi { items: reader.items })
}

/// One file's syntax tree, function bodies left out.
fn parse(f: &File) -> Result<syn::File, DiffError> {
    let fail = |message: String| DiffError::RustParse { file: f.path.clone(), message };
    let tokens: TokenStream = f.contents.parse().map_err(|e| fail(format!("{e:?}")))?;
    syn::parse2(without_bodies(tokens)).map_err(|e| fail(e.to_string()))
}

fn panicked() -> DiffError {
    DiffError::Input(
        "reading a generated crate panicked; please report it with the spec".to_owned(),
    )
}

/// `tokens` with every function body emptied: the public API is in signatures, and syn
/// parses a large crate several times faster without the bodies.
fn without_bodies(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    // Between `fn` and its body (or the `;` of a body-less declaration).
    let mut in_signature = false;
    for tt in tokens {
        match tt {
            TokenTree::Ident(ref i) if i == "fn" => {
                in_signature = true;
                out.push(tt);
            }
            TokenTree::Punct(ref p) if p.as_char() == ';' => {
                in_signature = false;
                out.push(tt);
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                let stream =
                    if in_signature { TokenStream::new() } else { without_bodies(g.stream()) };
                let mut group = proc_macro2::Group::new(Delimiter::Brace, stream);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
                in_signature = false;
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

#[derive(Clone, Default)]
struct Reader {
    /// `pub mod` names.
    public_modules: BTreeSet<String>,
    /// Items of private modules re-exported at the root: (module, name) → root name.
    reexports: HashMap<(String, String), String>,
    /// Public path of each defined type: (module, name) → path.
    types: HashMap<(String, String), String>,
    /// The paths of [`Reader::types`] at the crate root (re-exported there).
    root_types: HashSet<String>,
    items: BTreeMap<String, Item>,
}

impl Reader {
    fn read_lib(&mut self, lib: &syn::File) {
        let locals: BTreeSet<String> = lib
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Mod(m) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        for item in &lib.items {
            match item {
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    self.public_modules.insert(m.ident.to_string());
                }
                syn::Item::Use(u) if is_pub(&u.vis) => {
                    let mut paths = Vec::new();
                    flatten_use(&u.tree, String::new(), &mut paths);
                    for (path, name) in paths {
                        let (first, rest) = path.split_once("::").unwrap_or((&path, ""));
                        if locals.contains(first) && !rest.contains("::") {
                            self.reexports.insert((first.to_owned(), rest.to_owned()), name);
                        } else {
                            let signature = format!("pub use {path}");
                            self.insert(Item::new(name, "reexport", None, signature));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The public path of item `name` defined in `module`, if it is public.
    fn public_path(&self, module: &str, name: &str) -> Option<String> {
        if self.public_modules.contains(module) {
            Some(format!("{module}::{name}"))
        } else {
            self.reexports.get(&(module.to_owned(), name.to_owned())).cloned()
        }
    }

    fn define(&mut self, module: &str, file: &syn::File) {
        for item in &file.items {
            let (vis, ident) = match item {
                syn::Item::Struct(s) => (&s.vis, &s.ident),
                syn::Item::Enum(e) => (&e.vis, &e.ident),
                syn::Item::Type(t) => (&t.vis, &t.ident),
                _ => continue,
            };
            if !is_pub(vis) {
                continue;
            }
            if let Some(path) = self.public_path(module, &ident.to_string()) {
                self.add_type((module.to_owned(), ident.to_string()), path);
            }
        }
    }

    /// The public path of the type `ty` names, seen from `module`.
    fn resolve(&self, module: &str, ty: &syn::Type) -> Option<String> {
        let syn::Type::Path(p) = ty else { return None };
        let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segments.as_slice() {
            [name] => self
                .types
                .get(&(module.to_owned(), name.clone()))
                .cloned()
                .or_else(|| self.root_type(name)),
            [krate, name] if krate == "crate" => self.root_type(name),
            [krate, module, name] if krate == "crate" => {
                self.types.get(&(module.clone(), name.clone())).cloned()
            }
            _ => None,
        }
    }

    /// Records the public path of the type `key` (module, name) defines.
    fn add_type(&mut self, key: (String, String), path: String) {
        if !path.contains("::") {
            self.root_types.insert(path.clone());
        }
        self.types.insert(key, path);
    }

    fn root_type(&self, name: &str) -> Option<String> {
        self.root_types.get(name).cloned()
    }

    fn insert(&mut self, item: Item) {
        self.items.insert(item.path.clone(), item);
    }

    fn read_items(&mut self, module: &str, file: &syn::File) {
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let Some(path) = self.public_path(module, &s.ident.to_string()) else {
                        continue;
                    };
                    let shape = match &s.fields {
                        syn::Fields::Named(_) => "",
                        syn::Fields::Unnamed(_) => "(..)",
                        syn::Fields::Unit => ";",
                    };
                    let generics = render(s.generics.to_token_stream());
                    let signature = format!("pub struct {}{generics}{shape}", s.ident);
                    self.insert(Item::new(path.clone(), "struct", None, signature).attrs(&s.attrs));
                    self.derives(&path, &s.attrs);
                    for field in &s.fields {
                        let (Some(ident), true) = (&field.ident, is_pub(&field.vis)) else {
                            continue;
                        };
                        let signature =
                            format!("pub {ident}: {}", render(field.ty.to_token_stream()));
                        let item = Item::new(
                            format!("{path}::{ident}"),
                            "field",
                            Some(path.clone()),
                            signature,
                        );
                        self.insert(item.attrs(&field.attrs));
                    }
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let Some(path) = self.public_path(module, &e.ident.to_string()) else {
                        continue;
                    };
                    let generics = render(e.generics.to_token_stream());
                    let signature = format!("pub enum {}{generics}", e.ident);
                    self.insert(Item::new(path.clone(), "enum", None, signature).attrs(&e.attrs));
                    self.derives(&path, &e.attrs);
                    for v in &e.variants {
                        let fields = match &v.fields {
                            syn::Fields::Unit => String::new(),
                            fields => render(fields.to_token_stream()),
                        };
                        let item = Item::new(
                            format!("{path}::{}", v.ident),
                            "variant",
                            Some(path.clone()),
                            format!("{}{fields}", v.ident),
                        );
                        self.insert(item.attrs(&v.attrs));
                    }
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    let Some(path) = self.public_path(module, &t.ident.to_string()) else {
                        continue;
                    };
                    let signature = format!(
                        "pub type {}{} = {}",
                        t.ident,
                        render(t.generics.to_token_stream()),
                        render(t.ty.to_token_stream())
                    );
                    self.insert(Item::new(path, "type", None, signature).attrs(&t.attrs));
                }
                syn::Item::Const(c) if is_pub(&c.vis) => {
                    let Some(path) = self.public_path(module, &c.ident.to_string()) else {
                        continue;
                    };
                    let signature =
                        format!("pub const {}: {}", c.ident, render(c.ty.to_token_stream()));
                    let mut item = Item::new(path, "const", None, signature).attrs(&c.attrs);
                    item.value = Some(render(c.expr.to_token_stream()));
                    self.insert(item);
                }
                syn::Item::Static(s) if is_pub(&s.vis) => {
                    let Some(path) = self.public_path(module, &s.ident.to_string()) else {
                        continue;
                    };
                    let signature =
                        format!("pub static {}: {}", s.ident, render(s.ty.to_token_stream()));
                    self.insert(Item::new(path, "static", None, signature).attrs(&s.attrs));
                }
                syn::Item::Fn(f) if is_pub(&f.vis) => {
                    let name = f.sig.ident.to_string();
                    let Some(path) = self.public_path(module, &name) else { continue };
                    let signature = format!("pub {}", render(f.sig.to_token_stream()));
                    self.insert(
                        Item::new(format!("{path}()"), "fn", None, signature).attrs(&f.attrs),
                    );
                }
                syn::Item::Impl(i) => self.read_impl(module, i),
                syn::Item::Macro(m)
                    if m.mac.path.segments.last().is_some_and(|s| s.ident == "string_enum") =>
                {
                    self.read_string_enum(module, &m.mac);
                }
                _ => {}
            }
        }
    }

    fn read_impl(&mut self, module: &str, block: &syn::ItemImpl) {
        let Some(owner) = self.resolve(module, &block.self_ty) else { return };
        if let Some((_, trait_path, _)) = &block.trait_ {
            let name = format!("impl {} for {owner}", render(trait_path.to_token_stream()));
            self.insert(Item::new(name.clone(), "impl", Some(owner), name));
            return;
        }
        for item in &block.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !is_pub(&f.vis) {
                continue;
            }
            let signature = format!("pub {}", render(f.sig.to_token_stream()));
            let path = format!("{owner}::{}()", f.sig.ident);
            self.insert(Item::new(path, "fn", Some(owner.clone()), signature).attrs(&f.attrs));
        }
    }

    /// What `apigen_runtime::string_enum! { Name, .. }` implements for `Name`.
    fn read_string_enum(&mut self, module: &str, mac: &syn::Macro) {
        let Some(TokenTree::Ident(name)) = mac.tokens.clone().into_iter().next() else { return };
        let ty: syn::Type = syn::parse_quote!(#name);
        let Some(owner) = self.resolve(module, &ty) else { return };
        let path = format!("{owner}::as_str()");
        let signature = "pub fn as_str(&self) -> &str".to_owned();
        self.insert(Item::new(path, "fn", Some(owner.clone()), signature));
        for tr in ["From<&str>", "AsRef<str>", "Display", "Serialize", "Deserialize", "ParamValue"]
        {
            let name = format!("impl {tr} for {owner}");
            self.insert(Item::new(name.clone(), "impl", Some(owner.clone()), name));
        }
    }

    fn derives(&mut self, owner: &str, attrs: &[syn::Attribute]) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let Ok(paths) =
                attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            else {
                continue;
            };
            for p in paths {
                let name = format!("impl {} for {owner}", render(p.to_token_stream()));
                let mut item = Item::new(name.clone(), "impl", Some(owner.to_owned()), name);
                item.derived = true;
                self.insert(item);
            }
        }
    }
}

impl Item {
    fn new(path: String, kind: &'static str, owner: Option<String>, signature: String) -> Self {
        Item {
            path,
            kind,
            owner,
            signature,
            docs: String::new(),
            value: None,
            deprecated: false,
            non_exhaustive: false,
            derived: false,
        }
    }

    fn attrs(mut self, attrs: &[syn::Attribute]) -> Self {
        let mut docs = Vec::new();
        for attr in attrs {
            if attr.path().is_ident("doc") {
                if let syn::Meta::NameValue(nv) = &attr.meta {
                    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                        docs.push(s.value());
                    }
                }
            } else if attr.path().is_ident("deprecated") {
                self.deprecated = true;
            } else if attr.path().is_ident("non_exhaustive") {
                self.non_exhaustive = true;
            }
        }
        self.docs = docs.join("\n");
        self
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Every path a `use` tree names, with the name it is visible under.
fn flatten_use(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    let join =
        |name: &str| if prefix.is_empty() { name.to_owned() } else { format!("{prefix}::{name}") };
    match tree {
        syn::UseTree::Path(p) => flatten_use(&p.tree, join(&p.ident.to_string()), out),
        syn::UseTree::Name(n) => out.push((join(&n.ident.to_string()), n.ident.to_string())),
        syn::UseTree::Rename(r) => out.push((join(&r.ident.to_string()), r.rename.to_string())),
        syn::UseTree::Glob(_) => out.push((join("*"), join("*"))),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix.clone(), out);
            }
        }
    }
}

/// Paths the generator spells out in full (so spec names cannot shadow them), shortened for
/// reading.
const SHORT: &[(&str, &str)] = &[
    ("::std::string::", ""),
    ("::std::option::", ""),
    ("::std::vec::", ""),
    ("::std::boxed::", ""),
    ("::std::result::", ""),
    ("::std::convert::", ""),
    ("::std::collections::", ""),
    ("::std::fmt::", "fmt::"),
    ("::std::", "std::"),
    ("::serde_json::", "serde_json::"),
    ("::serde::", "serde::"),
    ("::apigen_runtime::", "apigen_runtime::"),
    ("crate::", ""),
];

/// Tokens as compact, readable text: `Option<models::Pet>`, `fn new(name: impl Into<String>)`.
fn render(tokens: TokenStream) -> String {
    let mut text = String::new();
    write_tokens(tokens, &mut text);
    // Spaces added before closing delimiters or doubled by the rules above.
    while text.contains("  ") {
        text = text.replace("  ", " ");
    }
    for (from, to) in [
        (" )", ")"),
        (" ]", "]"),
        (", >", ">"),
        (", )", ")"),
        ("( ", "("),
        (",)", ")"),
        (",>", ">"),
    ] {
        text = text.replace(from, to);
    }

    for (long, short) in SHORT {
        text = text.replace(long, short);
    }
    text
}

/// Keywords after which a `::path` keeps its space.
const KEYWORDS: &[&str] = &["impl", "dyn", "as", "for", "in", "mut", "where", "return"];

fn write_tokens(tokens: TokenStream, out: &mut String) {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'';
    let mut joint = false;
    for tt in tokens {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => (" { ", " }"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(g.stream(), out);
                out.push_str(close);
                joint = false;
            }
            TokenTree::Ident(i) => {
                let text = i.to_string();
                if out.ends_with(word) && !out.ends_with('\'') || out.ends_with('>') && !joint {
                    out.push(' ');
                }
                out.push_str(&text);
                joint = false;
            }
            TokenTree::Literal(l) => {
                if out.ends_with(word) {
                    out.push(' ');
                }
                out.push_str(&l.to_string());
                joint = false;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                // A path from the root after a keyword: `impl ::std::...`, `dyn ::Trait`.
                let last_word = out.rsplit(|ch: char| !word(ch)).next().unwrap_or_default();
                if c == ':' && p.spacing() == Spacing::Joint && KEYWORDS.contains(&last_word) {
                    out.push(' ');
                }
                match c {
                    ',' | ';' => out.push_str(&format!("{c} ")),
                    '=' | '+' if !joint && !out.ends_with(['-', '=', '!', '<', '>']) => {
                        out.push_str(&format!(" {c} "))
                    }
                    '-' if p.spacing() == Spacing::Joint => out.push_str(" -"),
                    '>' if out.ends_with(" -") => out.push_str("> "),
                    ':' if p.spacing() == Spacing::Alone && !out.ends_with(':') => {
                        out.push_str(": ")
                    }
                    _ => out.push(c),
                }
                joint = p.spacing() == Spacing::Joint;
            }
        }
    }
}

/// Compares two public APIs; changes sorted by item path.
pub fn compare(old: &PublicApi, new: &PublicApi) -> Vec<RustChange> {
    let mut out = Vec::new();
    for (path, o) in &old.items {
        match new.items.get(path) {
            None => out.push(removed(o)),
            Some(n) => {
                if let Some(change) = changed(o, n) {
                    out.push(change);
                }
            }
        }
    }
    for (path, n) in &new.items {
        if !old.items.contains_key(path) {
            out.push(added(n, old, new));
        }
    }
    out.sort_by(|a, b| a.item.cmp(&b.item));
    out
}

/// The largest bump any change needs.
pub fn semver_of(changes: &[RustChange]) -> Semver {
    changes.iter().map(|c| c.semver).max().unwrap_or(Semver::None)
}

fn removed(item: &Item) -> RustChange {
    let lint = match (item.kind, &item.owner) {
        ("struct", _) => Some("struct_missing"),
        ("enum", _) => Some("enum_missing"),
        ("fn", Some(_)) => Some("inherent_method_missing"),
        ("fn", None) => Some("function_missing"),
        ("field", _) => Some("struct_pub_field_missing"),
        ("variant", _) => Some("enum_variant_missing"),
        ("const", _) => Some("pub_module_level_const_missing"),
        ("impl", _) if item.derived => Some("derive_trait_impl_removed"),
        _ => None,
    };
    RustChange {
        item: item.path.clone(),
        kind: item.kind,
        owner: item.owner.clone(),
        change: ChangeKind::Removed,
        semver: Semver::Major,
        old: Some(item.signature.clone()),
        new: None,
        lint,
        reason: format!("public {} removed: code using it no longer compiles", item.kind),
        docs_changed: false,
    }
}

fn added(item: &Item, old: &PublicApi, new: &PublicApi) -> RustChange {
    let owner_existed = item.owner.as_ref().is_some_and(|o| old.items.contains_key(o));
    let owner_open =
        item.owner.as_ref().and_then(|o| new.items.get(o)).is_some_and(|o| o.non_exhaustive);
    let (semver, lint, reason) = match item.kind {
        "variant" if owner_existed && !owner_open => (
            Semver::Major,
            Some("enum_variant_added"),
            "variant added to an exhaustive enum: matches without a wildcard stop compiling"
                .to_owned(),
        ),
        "field" if owner_existed && !owner_open => (
            Semver::Major,
            Some("constructible_struct_adds_field"),
            "field added to an exhaustive struct: struct literals stop compiling".to_owned(),
        ),
        "variant" if owner_existed => {
            (Semver::Minor, None, "variant added to a #[non_exhaustive] enum".to_owned())
        }
        "field" if owner_existed => {
            (Semver::Minor, None, "field added to a #[non_exhaustive] struct".to_owned())
        }
        kind => (Semver::Minor, None, format!("public {kind} added")),
    };
    RustChange {
        item: item.path.clone(),
        kind: item.kind,
        owner: item.owner.clone(),
        change: ChangeKind::Added,
        semver,
        old: None,
        new: Some(item.signature.clone()),
        lint,
        reason,
        docs_changed: false,
    }
}

fn changed(old: &Item, new: &Item) -> Option<RustChange> {
    let mut semver = Semver::None;
    let mut lint = None;
    let mut reasons = Vec::new();
    let mut bump = |s: Semver, reason: &str| {
        semver = semver.max(s);
        reasons.push(reason.to_owned());
    };
    if old.signature != new.signature {
        bump(Semver::Major, "signature changed");
        if old.kind == "fn" && params(&old.signature) != params(&new.signature) {
            lint = Some(if old.owner.is_some() {
                "method_parameter_count_changed"
            } else {
                "function_parameter_count_changed"
            });
        }
    }
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => {
            bump(Semver::Major, "now #[non_exhaustive]");
            lint = Some(if old.kind == "enum" {
                "enum_marked_non_exhaustive"
            } else {
                "struct_marked_non_exhaustive"
            });
        }
        (true, false) => bump(Semver::Minor, "no longer #[non_exhaustive]"),
        _ => {}
    }
    match (old.deprecated, new.deprecated) {
        (false, true) => bump(Semver::Minor, "newly #[deprecated]"),
        (true, false) => bump(Semver::Patch, "no longer #[deprecated]"),
        _ => {}
    }
    if old.value != new.value {
        bump(Semver::Patch, "value changed");
    }
    if old.docs != new.docs {
        bump(Semver::Patch, "documentation changed");
    }
    if reasons.is_empty() {
        return None;
    }
    let docs_changed = old.docs != new.docs || old.value != new.value;
    Some(RustChange {
        item: new.path.clone(),
        kind: new.kind,
        owner: new.owner.clone(),
        change: ChangeKind::Changed,
        semver,
        old: Some(old.signature.clone()),
        new: Some(new.signature.clone()),
        lint,
        reason: reasons.join(", "),
        docs_changed,
    })
}

/// The number of parameters of a rendered `fn` signature.
fn params(signature: &str) -> usize {
    let Some(start) = signature.find('(') else { return 0 };
    let mut depth = 0usize;
    let mut count = 0;
    let mut any = false;
    for c in signature[start + 1..].chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => count += 1,
            c if !c.is_whitespace() => any = true,
            _ => {}
        }
    }
    if any { count + 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(lib: &str, models: &str) -> PublicApi {
        let files = vec![
            File { path: "src/lib.rs".into(), contents: lib.into() },
            File { path: "src/models.rs".into(), contents: models.into() },
        ];
        public_api(&files).unwrap()
    }

    const LIB: &str =
        "pub mod models; mod client; pub use client::Client; pub use apigen_runtime::Error;";

    #[test]
    fn items_have_stable_paths_and_readable_signatures() {
        let a = api(
            LIB,
            "/// A pet.\n#[derive(Clone, ::serde::Serialize)]\n#[non_exhaustive]\npub struct Pet { pub name: ::std::option::Option<::std::string::String>, secret: i64 }\nimpl Pet { pub fn new(name: impl ::std::convert::Into<::std::string::String>, age: i64) -> Self { todo!() } fn hidden(&self) {} }\nimpl ::std::convert::From<&str> for Pet { fn from(_: &str) -> Self { todo!() } }",
        );
        let paths: Vec<&str> = a.items.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "Error",
                "impl Clone for models::Pet",
                "impl From<&str> for models::Pet",
                "impl serde::Serialize for models::Pet",
                "models::Pet",
                "models::Pet::name",
                "models::Pet::new()",
            ]
        );
        assert_eq!(a.items["models::Pet::name"].signature, "pub name: Option<String>");
        assert_eq!(
            a.items["models::Pet::new()"].signature,
            "pub fn new(name: impl Into<String>, age: i64) -> Self"
        );
        assert!(a.items["models::Pet"].non_exhaustive);
        assert_eq!(a.items["models::Pet"].docs, " A pet.");
        assert_eq!(params(&a.items["models::Pet::new()"].signature), 2);
    }

    #[test]
    fn semver_follows_cargo_rules() {
        let old = api(
            LIB,
            "#[non_exhaustive] pub enum S { A, Unknown(String) }\npub enum E { A }\n#[non_exhaustive] pub struct P { pub a: i64 }\nimpl P { pub fn new(a: i64) -> Self { todo!() } }",
        );
        let new = api(
            LIB,
            "#[non_exhaustive] pub enum S { A, B, Unknown(String) }\npub enum E { A, B }\n/// Doc.\n#[non_exhaustive] pub struct P { pub a: i64, pub b: Option<i64> }\nimpl P { pub fn new(a: i64, b: i64) -> Self { todo!() } }",
        );
        let changes = compare(&old, &new);
        let by: BTreeMap<&str, &RustChange> =
            changes.iter().map(|c| (c.item.as_str(), c)).collect();
        assert_eq!(by["models::S::B"].semver, Semver::Minor);
        assert_eq!(by["models::E::B"].semver, Semver::Major);
        assert_eq!(by["models::E::B"].lint, Some("enum_variant_added"));
        assert_eq!(by["models::P::b"].semver, Semver::Minor);
        assert_eq!(by["models::P"].semver, Semver::Patch);
        assert_eq!(by["models::P::new()"].lint, Some("method_parameter_count_changed"));
        assert_eq!(semver_of(&changes), Semver::Major);
        assert!(compare(&old, &old).is_empty());
    }
}
