//! One self-contained JSON document from a spec split over several files: every `$ref` into
//! another file is replaced by a local one (`#/components/<kind>/<name>`, the component copied
//! into the root) or, for path items, by the item itself. Used where a tool wants one document:
//! the test value synthesizer and Prism.

use std::collections::BTreeMap;
use std::path::Path;

use apigen::spec::Loaded;
use apigen::spec::yaml::{Node, Value as YamlValue};
use serde_json::{Map, Value};

/// Loads `path` with the generator's loader and bundles it. Panics with the loader's report or
/// on a component name used by two files for different schemas.
pub fn bundle(path: &Path) -> Value {
    let path = &path.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = apigen::spec::load(path)
        .unwrap_or_else(|report| panic!("cannot load {}:\n{report}", path.display()));
    let mut bundler = Bundler { loaded: &loaded, components: BTreeMap::new() };
    let mut root = bundler.rewrite(0, loaded.root());
    let components = root
        .as_object_mut()
        .expect("the root is a mapping")
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    for ((kind, name), (_, value)) in bundler.components {
        let section = components
            .as_object_mut()
            .expect("components is a mapping")
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()));
        section.as_object_mut().expect("a components section is a mapping").insert(name, value);
    }
    root
}

struct Bundler<'a> {
    loaded: &'a Loaded,
    /// Components copied from other files: (kind, name) → (file, value).
    components: BTreeMap<(String, String), (usize, Value)>,
}

impl Bundler<'_> {
    /// `node` of file `file` as JSON, with its `$ref`s made local to the root.
    fn rewrite(&mut self, file: usize, node: &Node) -> Value {
        if let Some(reference) = node.get("$ref").and_then(Node::as_str) {
            return self.reference(file, node, reference);
        }
        match &node.value {
            YamlValue::Map(map) => {
                let mut out = Map::new();
                for (key, (_, child)) in map {
                    out.insert(key.clone(), self.rewrite(file, child));
                }
                Value::Object(out)
            }
            YamlValue::Seq(items) => {
                Value::Array(items.iter().map(|child| self.rewrite(file, child)).collect())
            }
            _ => node.to_json(),
        }
    }

    fn reference(&mut self, file: usize, node: &Node, reference: &str) -> Value {
        let target = self
            .loaded
            .resolve(file, reference, node.span)
            .unwrap_or_else(|d| panic!("{}", self.loaded.sources.render(&d)));
        let pointer = reference.split_once('#').map_or("", |(_, p)| p);
        let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["components", kind, name] => {
                let key = ((*kind).to_owned(), (*name).to_owned());
                let local = serde_json::json!({ "$ref": format!("#/components/{kind}/{name}") });
                if target.file == 0 {
                    return local;
                }
                match self.components.get(&key) {
                    Some((owner, _)) if *owner == target.file => {}
                    Some((owner, _)) => panic!(
                        "components/{kind}/{name} is defined in {} and in {}; bundling needs unique names",
                        self.loaded.sources.path(*owner).display(),
                        self.loaded.sources.path(target.file).display()
                    ),
                    None => {
                        if self
                            .loaded
                            .root()
                            .get("components")
                            .and_then(|c| c.get(kind))
                            .and_then(|s| s.get(name))
                            .is_some()
                        {
                            panic!(
                                "components/{kind}/{name} of {} shadows the root's",
                                self.loaded.sources.path(target.file).display()
                            );
                        }
                        // Reserve the name first: the component may refer to itself.
                        self.components.insert(key.clone(), (target.file, Value::Null));
                        let value = self.rewrite(target.file, target.node);
                        self.components.insert(key, (target.file, value));
                    }
                }
                local
            }
            // Path items and anything else: inlined.
            _ => self.rewrite(target.file, target.node),
        }
    }
}
