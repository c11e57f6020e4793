//! Where each generated item goes: the module tree of `src/operations/` and `src/models/`.
//!
//! A generated crate reads like the vendor's document: a module per API group (`x-group`, else
//! the operation's first tag), `operations/<group>.rs` with the group's requests, errors and
//! methods, `models/<group>.rs` with the types only that group uses, and `models/shared.rs`
//! with the types several groups use. The Cargo feature of a group gates its modules once, on
//! the `mod` declaration; only shared types carry a gate of their own. Every module re-exports
//! its children (`pub use <child>::*`), so `operations::<Name>` and `models::<Name>` stay the
//! paths users write, whatever module an item lives in; `operations::<group>::<Name>` is the
//! path that shows the group.
//!
//! No file grows past [`MAX_LINES`]: a group larger than that is split into a module per
//! resource (the first path segment that tells its operations apart, `network/vpcs.rs`), its
//! types placed in the deepest module that every operation using them shares; a module that is
//! still too large (one huge resource, an RPC API whose paths are all `/`, thousands of shared
//! schemas) is cut into modules of consecutive items in name order (`a_to_c.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Operation, Service, TypeDef};
use crate::lower::names;

/// The most lines a generated module file may have (a few hundred below the promised 5,000:
/// the file's header and module declarations come on top of its items).
pub const MAX_LINES: usize = 4_500;

/// One item (or a few that belong together) as text, with its sort key.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Orders units in a file and names chunks (the operation's or type's Rust name).
    pub key: String,
    /// The Rust text, ending with a newline.
    pub text: String,
    /// It sends query or header parameters (its module imports `ParamValue`).
    pub params: bool,
}

impl Unit {
    fn lines(&self) -> usize {
        self.text.lines().count()
    }
}

/// A module of the tree: its own items and its child modules.
#[derive(Debug, Default)]
pub struct Module {
    /// Module documentation (trusted rustdoc).
    pub doc: String,
    /// The feature on this module's `mod` declaration.
    pub feature: Option<String>,
    /// Items, in key order once `finish` ran.
    pub units: Vec<Unit>,
    /// Children by module name.
    pub children: BTreeMap<String, Module>,
}

impl Module {
    fn at(&mut self, path: &[String]) -> &mut Module {
        let mut node = self;
        for name in path {
            node = node.children.entry(name.clone()).or_default();
        }
        node
    }

    fn lines(&self) -> usize {
        self.units.iter().map(Unit::lines).sum()
    }
}

/// The module path of each operation and the module name of each group.
pub struct Plan {
    /// Module path (under `operations` and `models`) of each operation, by method name.
    pub op_paths: HashMap<String, Vec<String>>,
    /// Module name, documentation and feature of each group's module.
    pub groups: BTreeMap<String, (String, String, Option<String>)>,
}

/// The module of the types several groups use.
pub const SHARED: &str = "shared";

/// Names each group's module and decides which groups are split by resource, given the text
/// size of each operation and type.
pub fn plan(
    service: &Service,
    op_lines: &HashMap<String, usize>,
    type_lines: &HashMap<String, usize>,
) -> Plan {
    let mut used: BTreeSet<String> = BTreeSet::from([SHARED.to_owned()]);
    let mut groups = BTreeMap::new();
    for g in &service.groups {
        let mut name = names::snake(&g.name);
        while !used.insert(name.clone()) {
            name.push_str("_api");
        }
        let mut doc = g
            .doc
            .clone()
            .map(|d| super::doc::sanitize(&d))
            .unwrap_or_else(|| super::doc::sanitize(&format!("The `{}` operations.", g.name)));
        if let Some(f) = &g.feature {
            doc.push_str(&format!("\n\nCompiled with the Cargo feature `{f}`."));
        }
        groups.insert(g.name.clone(), (name, doc, g.feature.clone()));
    }
    // An operation sits in its group's module when it is compiled with the group (the task
    // operation others poll is compiled whatever features are on: it goes to the root).
    let mut op_paths: HashMap<String, Vec<String>> = HashMap::new();
    for op in &service.operations {
        let path = match op.group.as_ref().and_then(|g| groups.get(g).map(|v| (g, v))) {
            Some((_, (name, _, feature))) if *feature == op.feature => vec![name.clone()],
            _ => Vec::new(),
        };
        op_paths.insert(op.ident.clone(), path);
    }
    // Groups too large for one file are split by resource.
    for (name, _, _) in groups.values() {
        let members: Vec<&Operation> = service
            .operations
            .iter()
            .filter(|o| op_paths[&o.ident].first() == Some(name))
            .collect();
        let ops_size: usize =
            members.iter().map(|o| op_lines.get(&o.ident).copied().unwrap_or(0)).sum();
        let types_size: usize = service
            .types
            .iter()
            .filter(|t| {
                !t.operations.is_empty()
                    && t.operations
                        .iter()
                        .all(|o| op_paths.get(o).and_then(|p| p.first()) == Some(name))
            })
            .map(|t| type_lines.get(&t.name).copied().unwrap_or(0))
            .sum();
        if ops_size <= MAX_LINES && types_size <= MAX_LINES {
            continue;
        }
        let keys = resource_keys(&members);
        for op in &members {
            // The group's own resource (`servers` in the `servers` group) is the group module.
            if let Some(key) = keys.get(op.ident.as_str()).filter(|k| *k != name) {
                op_paths.get_mut(&op.ident).expect("every operation has a path").push(key.clone());
            }
        }
    }
    Plan { op_paths, groups }
}

/// For the operations of one group: the module name of the resource each works on, the first
/// path segment after their common prefix that is neither a parameter nor a version
/// (`/janus/20180725/vpcs/{id}` → `vpcs`). Operations without one stay in the group's module.
fn resource_keys<'o>(ops: &[&'o Operation]) -> HashMap<&'o str, String> {
    let segments: Vec<Vec<&str>> =
        ops.iter().map(|o| o.path.split('/').filter(|s| !s.is_empty()).collect()).collect();
    let common = segments
        .first()
        .map(|first| {
            (0..first.len())
                .take_while(|&i| {
                    segments.iter().all(|s| s.get(i) == first.get(i) && !first[i].starts_with('{'))
                })
                .count()
        })
        .unwrap_or(0);
    let version = |s: &str| {
        let s = s.trim_start_matches(['v', 'V']);
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let mut out = HashMap::new();
    for (op, segs) in ops.iter().zip(&segments) {
        let key = segs.iter().skip(common).find(|s| !s.starts_with('{') && !version(s));
        if let Some(key) = key {
            let word = key.split(':').next().unwrap_or(key);
            let name = names::snake(word);
            if name != SHARED {
                out.insert(op.ident.as_str(), name);
            }
        }
    }
    out
}

/// The module a type goes to: the deepest module every operation using it shares, when that
/// module is compiled exactly when the type is; otherwise `shared` (gated per item).
pub fn type_path(
    plan: &Plan,
    def: &TypeDef,
    group_features: &HashMap<String, Option<String>>,
) -> Vec<String> {
    let shared = vec![SHARED.to_owned()];
    let mut paths = def.operations.iter().filter_map(|o| plan.op_paths.get(o));
    let Some(first) = paths.next() else { return shared };
    let mut common: Vec<String> = first.clone();
    for p in paths {
        let n = common.iter().zip(p).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    let Some(group) = common.first() else { return shared };
    let feature = group_features.get(group).cloned().flatten();
    let fits = match (&feature, def.features.as_slice()) {
        (None, []) => true,
        (Some(f), [only]) => f == only,
        _ => false,
    };
    if fits { common } else { shared }
}

/// Builds the tree of one side (`operations` or `models`) from units placed at paths: a group's
/// module gets its feature and `group_doc(module name, group doc)`, any other module
/// `leaf_doc(path)`.
pub fn tree(
    placed: Vec<(Vec<String>, Unit)>,
    plan: &Plan,
    group_doc: impl Fn(&str, &str) -> String,
    leaf_doc: impl Fn(&[String]) -> String,
) -> Module {
    let mut root = Module::default();
    for (path, unit) in placed {
        root.at(&path).units.push(unit);
    }
    for (name, doc, feature) in plan.groups.values() {
        if let Some(node) = root.children.get_mut(name) {
            node.doc = group_doc(name, doc);
            node.feature = feature.clone();
        }
    }
    fn fill(node: &mut Module, path: &mut Vec<String>, leaf_doc: &dyn Fn(&[String]) -> String) {
        for (name, child) in node.children.iter_mut() {
            path.push(name.clone());
            if child.doc.is_empty() {
                child.doc = leaf_doc(path);
            }
            fill(child, path, leaf_doc);
            path.pop();
        }
    }
    fill(&mut root, &mut Vec::new(), &leaf_doc);
    finish(&mut root);
    root
}

/// Sorts every module's items and cuts a module whose items exceed [`MAX_LINES`] into child
/// modules of consecutive items, named by the first letters of their first and last items.
fn finish(node: &mut Module) {
    node.units.sort_by(|a, b| a.key.cmp(&b.key));
    if node.lines() > MAX_LINES {
        let mut chunks: Vec<Vec<Unit>> = vec![Vec::new()];
        let mut size = 0;
        for unit in std::mem::take(&mut node.units) {
            let lines = unit.lines();
            if size + lines > MAX_LINES && chunks.last().is_some_and(|c| !c.is_empty()) {
                chunks.push(Vec::new());
                size = 0;
            }
            size += lines;
            chunks.last_mut().expect("never empty").push(unit);
        }
        let initial = |u: &Unit| u.key.chars().next().unwrap_or('x').to_ascii_lowercase();
        for chunk in chunks {
            let (first, last) = (initial(&chunk[0]), initial(&chunk[chunk.len() - 1]));
            let base =
                if first == last { format!("{first}") } else { format!("{first}_to_{last}") };
            let mut name = base.clone();
            let mut n = 2;
            while node.children.contains_key(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            let doc = format!(
                "`{}` to `{}`, in name order (a part of the module above, cut to keep files short).",
                chunk[0].key,
                chunk[chunk.len() - 1].key
            );
            node.children.insert(
                name,
                Module { doc, feature: None, units: chunk, children: BTreeMap::new() },
            );
        }
    }
    for child in node.children.values_mut() {
        finish(child);
    }
}

/// The files of a tree rooted at `src/<side>/`: `mod.rs` for a module with children, else
/// `<name>.rs`. Each starts with `prelude(module doc)` and `imports(module)`, then declares and
/// re-exports its children; the root's items start with `root_extra`.
pub fn files(
    side: &str,
    root: &Module,
    prelude: &dyn Fn(&str) -> String,
    imports: &dyn Fn(&Module) -> String,
    root_extra: &str,
) -> Vec<super::File> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Module, String, bool)> = vec![(root, format!("src/{side}"), true)];
    while let Some((node, dir, is_root)) = stack.pop() {
        let path = if is_root || !node.children.is_empty() {
            format!("{dir}/mod.rs")
        } else {
            format!("{dir}.rs")
        };
        let mut text = prelude(&node.doc);
        text.push_str(&imports(node));
        // A group's module is public (rustdoc lists the API by group); the files a group is
        // cut into are not (their items show in the group's module, and two groups may both
        // have an `a_to_c`).
        let visibility = if is_root { "pub " } else { "" };
        for (name, child) in &node.children {
            let gate = child
                .feature
                .as_ref()
                .map(|f| format!("#[cfg(feature = \"{f}\")]\n"))
                .unwrap_or_default();
            // The shared types of a chunk are gated one by one: with few features on, a chunk
            // can be empty and its re-export unused.
            let allow = if gate.is_empty() && only_gated(child) {
                "#[allow(unused_imports)]\n"
            } else {
                ""
            };
            text.push_str(&format!(
                "{gate}{visibility}mod {name};\n{gate}{allow}pub use {name}::*;\n"
            ));
        }
        if is_root {
            text.push_str(root_extra);
        }
        for unit in &node.units {
            text.push_str(&unit.text);
        }
        out.push(super::File { path, contents: text });
        for (name, child) in node.children.iter().rev() {
            stack.push((child, format!("{dir}/{name}"), false));
        }
    }
    out
}

/// Whether everything in `module` is behind a feature (items or modules), so that with
/// none on it is empty.
fn only_gated(module: &Module) -> bool {
    (!module.units.is_empty() || !module.children.is_empty())
        && module.units.iter().all(|u| u.text.starts_with("#[cfg("))
        && module.children.values().all(|c| c.feature.is_some() || only_gated(c))
}

/// Group names to features, for [`type_path`].
pub fn group_features(plan: &Plan) -> HashMap<String, Option<String>> {
    plan.groups.values().map(|(name, _, feature)| (name.clone(), feature.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, lines: usize) -> Unit {
        Unit { key: key.to_owned(), text: "x\n".repeat(lines), params: false }
    }

    #[test]
    fn a_module_over_the_limit_is_cut_into_parts_in_name_order() {
        let mut root = Module {
            units: vec![unit("Beta", 3000), unit("Alpha", 3000), unit("Gamma", 100)],
            ..Module::default()
        };
        finish(&mut root);
        assert!(root.units.is_empty());
        let names: Vec<&String> = root.children.keys().collect();
        assert_eq!(names, ["a", "b_to_g"]);
        assert_eq!(root.children["a"].units[0].key, "Alpha");
        assert_eq!(root.children["b_to_g"].units.len(), 2);
        assert!(root.children.values().all(|c| c.lines() <= MAX_LINES));
    }
}
