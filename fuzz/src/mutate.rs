//! Mutations of spec trees and of their text: the fuzzer's inputs.
//!
//! Tree mutations drop, duplicate and rename keys, change a value's kind, point a `$ref`
//! elsewhere (another node, itself, nowhere, another file), deepen nesting past the limits,
//! put in huge or odd strings and numbers, and graft keys and subtrees taken from every seed
//! (so that `x-` extensions, composition and parameters meet in new places). Text mutations
//! then add what a tree cannot hold: bytes that are not UTF-8, YAML anchors, aliases, merge
//! keys and tags, CR line ends, a byte order mark, a cut-off end.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rand::Rng;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;

use crate::seeds::Seed;
use crate::tree::{Format, Tree, write};

/// One input: files by path, the root first, as bytes.
pub struct Input {
    pub files: Vec<(PathBuf, Arc<[u8]>)>,
    /// The seed it was made from.
    pub seed: usize,
    /// What was done to the seed, in order.
    pub mutations: Vec<String>,
}

/// Keys and values seen in the seeds, to graft elsewhere.
pub struct Dictionary {
    keys: Vec<String>,
    values: HashMap<String, Vec<Tree>>,
    refs: Vec<String>,
}

impl Dictionary {
    /// Up to eight small values of every key of every seed file.
    pub fn new(seeds: &[Seed]) -> Self {
        let mut d = Dictionary { keys: Vec::new(), values: HashMap::new(), refs: Vec::new() };
        for seed in seeds {
            for file in &seed.files {
                d.add(&file.tree);
            }
        }
        d.keys.sort();
        d.refs.sort();
        d.refs.dedup();
        d
    }

    fn add(&mut self, tree: &Tree) {
        match tree {
            Tree::Map(m) => {
                for (k, v) in m {
                    let values = self.values.entry(k.clone()).or_insert_with(|| {
                        self.keys.push(k.clone());
                        Vec::new()
                    });
                    if values.len() < 8 && v.count() <= 200 && !values.contains(v) {
                        values.push(v.clone());
                    }
                    if let (true, Tree::Str(s)) = (k == "$ref", v) {
                        self.refs.push(s.clone());
                    }
                    self.add(v);
                }
            }
            Tree::Seq(items) => items.iter().for_each(|v| self.add(v)),
            _ => {}
        }
    }
}

/// A step from a node to one of its children: an index into a list or into a mapping's
/// entries.
type Path = Vec<usize>;

fn paths_where(t: &Tree, pred: &dyn Fn(&Tree) -> bool, at: &mut Path, out: &mut Vec<Path>) {
    if pred(t) {
        out.push(at.clone());
    }
    let children: Box<dyn Iterator<Item = &Tree>> = match t {
        Tree::Seq(items) => Box::new(items.iter()),
        Tree::Map(m) => Box::new(m.iter().map(|(_, v)| v)),
        _ => return,
    };
    for (i, child) in children.enumerate() {
        at.push(i);
        paths_where(child, pred, at, out);
        at.pop();
    }
}

fn pick(t: &Tree, rng: &mut SmallRng, pred: &dyn Fn(&Tree) -> bool) -> Option<Path> {
    let mut out = Vec::new();
    paths_where(t, pred, &mut Vec::new(), &mut out);
    out.choose(rng).cloned()
}

fn at_mut<'a>(mut t: &'a mut Tree, path: &[usize]) -> &'a mut Tree {
    for &i in path {
        t = match t {
            Tree::Seq(items) => &mut items[i],
            Tree::Map(m) => &mut m[i].1,
            _ => unreachable!("paths come from the same tree"),
        };
    }
    t
}

fn at<'a>(mut t: &'a Tree, path: &[usize]) -> &'a Tree {
    for &i in path {
        t = match t {
            Tree::Seq(items) => &items[i],
            Tree::Map(m) => &m[i].1,
            _ => unreachable!("paths come from the same tree"),
        };
    }
    t
}

/// The JSON pointer (`#/a/b~1c/0`) of the node at `path`.
fn pointer(t: &Tree, path: &[usize]) -> String {
    let mut out = String::from("#");
    let mut node = t;
    for &i in path {
        out.push('/');
        node = match node {
            Tree::Seq(items) => {
                out.push_str(&i.to_string());
                &items[i]
            }
            Tree::Map(m) => {
                out.push_str(&m[i].0.replace('~', "~0").replace('/', "~1"));
                &m[i].1
            }
            _ => unreachable!("paths come from the same tree"),
        };
    }
    out
}

const ODD: &[&str] = &[
    "",
    " ",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "async",
    "await",
    "dyn",
    "_",
    "__",
    "0",
    "0abc",
    "1.5",
    "-",
    "--",
    "a-b",
    "A_B",
    "a.b",
    "a/b",
    "{id}",
    "{",
    "}",
    "a b",
    "é",
    "Ünïcödé",
    "日本語",
    "🦀",
    "\u{200b}",
    "\u{202e}rtl",
    "\0",
    "\t",
    "\r",
    "\n",
    "line\nbreak",
    "\\",
    "\"",
    "'",
    "`",
    "*/",
    "/*",
    "///",
    "#[",
    "]]",
    "\"#",
    "r#\"",
    "{{",
    "}}",
    "{% raw %}",
    "{{ x }}",
    "$ref",
    "#/components/schemas/",
    "~1",
    "~0",
    "%20",
    "%zz",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "Client",
    "Error",
    "None",
    "Some",
    "Unknown",
    "true",
    "null",
    "3.0.3",
    "3.1.0",
    "x-",
    "getHTTPResponseCode",
    "HTTPResponse",
    "_private",
    "snake_case_",
    "trailing-",
    "UPPER",
    "a\u{0301}",
    "ß",
    "İ",
    "Σ",
    "k8s",
    "2xx",
    "default",
    "application/json",
    "multipart/form-data",
    "text/plain",
    "*/*",
    "get",
    "GET",
    "Content-Type",
    "Authorization",
    "additional_properties",
    "new",
    "builder",
    "send",
    "models",
    "operations",
];

fn odd_string(rng: &mut SmallRng) -> String {
    match rng.gen_range(0..10) {
        0 => "a".repeat(rng.gen_range(100..400)),
        1 => {
            let set: Vec<char> = "aZ_-. 0/{}é日\u{301}$#~%:'\"\\\n\t".chars().collect();
            (0..rng.gen_range(1..20)).map(|_| *set.choose(rng).unwrap_or(&'a')).collect()
        }
        2 => format!("{}{}", ODD.choose(rng).unwrap_or(&""), ODD.choose(rng).unwrap_or(&"")),
        _ => (*ODD.choose(rng).unwrap_or(&"")).to_owned(),
    }
}

fn odd_number(rng: &mut SmallRng) -> Tree {
    match rng.gen_range(0..12) {
        0 => Tree::Int(0),
        1 => Tree::Int(-1),
        2 => Tree::Int(i64::MIN),
        3 => Tree::Int(i64::MAX),
        4 => Tree::Int((1 << 53) + 1),
        5 => Tree::Float(1e308),
        6 => Tree::Float(-0.0),
        7 => Tree::Float(f64::NAN),
        8 => Tree::Float(f64::INFINITY),
        9 => Tree::Float(0.1),
        10 => Tree::Int(rng.gen_range(-1000..1000)),
        _ => Tree::Float(rng.r#gen::<f64>() * 1e6),
    }
}

fn random_value(rng: &mut SmallRng, dict: &Dictionary) -> Tree {
    match rng.gen_range(0..9) {
        0 => Tree::Null,
        1 => Tree::Bool(rng.r#gen()),
        2 => odd_number(rng),
        3 => Tree::Str(odd_string(rng)),
        4 => Tree::Seq(Vec::new()),
        5 => Tree::Map(Vec::new()),
        6 => Tree::Seq(vec![Tree::Str(odd_string(rng))]),
        _ => dict_value(rng, dict).unwrap_or(Tree::Null),
    }
}

fn dict_value(rng: &mut SmallRng, dict: &Dictionary) -> Option<Tree> {
    let key = dict.keys.choose(rng)?;
    dict.values.get(key)?.choose(rng).cloned()
}

fn kind(t: &Tree) -> u8 {
    match t {
        Tree::Null => 0,
        Tree::Bool(_) => 1,
        Tree::Int(_) | Tree::Float(_) => 2,
        Tree::Str(_) => 3,
        Tree::Seq(_) => 4,
        Tree::Map(_) => 5,
    }
}

fn is_map(t: &Tree) -> bool {
    matches!(t, Tree::Map(m) if !m.is_empty())
}

/// A `$ref` somewhere: an existing one, a random node of this file (often a schema), the
/// node itself or its parent, nowhere, or an odd pointer.
fn ref_target(
    t: &Tree,
    own: &[usize],
    rng: &mut SmallRng,
    dict: &Dictionary,
    files: &[String],
) -> String {
    match rng.gen_range(0..10) {
        0 | 1 => dict.refs.choose(rng).cloned().unwrap_or_default(),
        2 | 3 => pick(t, rng, &|n| is_map(n)).map(|p| pointer(t, &p)).unwrap_or_default(),
        4 => pointer(t, own),
        5 => pointer(t, &own[..own.len().saturating_sub(1)]),
        6 => "#/components/schemas/Missing".to_owned(),
        7 => match files.choose(rng) {
            Some(f) => format!("{f}#/components/schemas/{}", odd_string(rng)),
            None => "other.yaml#/x".to_owned(),
        },
        8 => {
            let odd = [
                "#",
                "#/",
                "#//",
                "#a",
                "#/~2",
                "#/%zz",
                "#/components/schemas/A/../B",
                "nofile.yaml",
                "../../../etc/passwd#/x",
                "#/paths/~1a~1{id}/get",
                "http://example.com/x.yaml#/y",
                "#/0/1/2",
            ];
            (*odd.choose(rng).unwrap_or(&"#")).to_owned()
        }
        _ => format!("#/components/schemas/{}", odd_string(rng)),
    }
}

fn wrap(inner: Tree, rng: &mut SmallRng, levels: usize) -> Tree {
    let style = rng.gen_range(0..7);
    let mut t = inner;
    for _ in 0..levels {
        t = match style {
            0 => Tree::Map(vec![("allOf".into(), Tree::Seq(vec![t]))]),
            1 => Tree::Map(vec![("type".into(), Tree::Str("array".into())), ("items".into(), t)]),
            2 => Tree::Map(vec![
                ("type".into(), Tree::Str("object".into())),
                ("properties".into(), Tree::Map(vec![("p".into(), t)])),
            ]),
            3 => Tree::Map(vec![(
                "oneOf".into(),
                Tree::Seq(vec![t, Tree::Map(vec![("type".into(), Tree::Str("string".into()))])]),
            )]),
            4 => Tree::Seq(vec![t]),
            5 => Tree::Map(vec![
                ("type".into(), Tree::Str("object".into())),
                ("additionalProperties".into(), t),
            ]),
            _ => Tree::Map(vec![("k".into(), t)]),
        };
    }
    t
}

/// Applies one tree mutation to `t`; says what it did.
fn mutate_tree(
    t: &mut Tree,
    rng: &mut SmallRng,
    dict: &Dictionary,
    seeds: &[Seed],
    files: &[String],
) -> String {
    let any = |_: &Tree| true;
    match rng.gen_range(0..16) {
        0 => {
            let Some(p) = pick(t, rng, &is_map) else { return "none".into() };
            let Tree::Map(m) = at_mut(t, &p) else { unreachable!() };
            let i = rng.gen_range(0..m.len());
            format!("drop key `{}`", m.remove(i).0)
        }
        1 => {
            let Some(p) = pick(t, rng, &is_map) else { return "none".into() };
            let Tree::Map(m) = at_mut(t, &p) else { unreachable!() };
            let entry = m[rng.gen_range(0..m.len())].clone();
            let key = entry.0.clone();
            m.insert(rng.gen_range(0..=m.len()), entry);
            format!("duplicate key `{key}`")
        }
        2 => {
            let Some(p) = pick(t, rng, &any) else { return "none".into() };
            let node = at_mut(t, &p);
            let old = kind(node);
            let mut new = random_value(rng, dict);
            for _ in 0..4 {
                if kind(&new) != old {
                    break;
                }
                new = random_value(rng, dict);
            }
            *node = new;
            format!("retype {}", pointer(t, &p))
        }
        3 | 4 => {
            let has_ref = |n: &Tree| n.get("$ref").is_some();
            let Some(p) = pick(t, rng, &has_ref).or_else(|| pick(t, rng, &is_map)) else {
                return "none".into();
            };
            let target = ref_target(t, &p, rng, dict, files);
            let Tree::Map(m) = at_mut(t, &p) else { return "none".into() };
            match m.iter_mut().find(|(k, _)| k == "$ref") {
                Some((_, v)) => *v = Tree::Str(target.clone()),
                None if rng.gen_bool(0.5) => *m = vec![("$ref".into(), Tree::Str(target.clone()))],
                None => m.push(("$ref".into(), Tree::Str(target.clone()))),
            }
            format!("$ref at {} to `{target}`", pointer(t, &p))
        }
        5 => {
            let Some(p) = pick(t, rng, &any) else { return "none".into() };
            let levels =
                *[1, 2, 3, 5, 20, 60, 126, 127, 128, 129, 200, 300].choose(rng).unwrap_or(&1);
            let node = at_mut(t, &p);
            *node = wrap(std::mem::replace(node, Tree::Null), rng, levels);
            format!("deepen {} by {levels}", pointer(t, &p))
        }
        6 => {
            let Some(p) = pick(t, rng, &|n| matches!(n, Tree::Str(_))) else {
                return "none".into();
            };
            let s = odd_string(rng);
            *at_mut(t, &p) = Tree::Str(s.clone());
            format!("string at {} to {s:?}", pointer(t, &p))
        }
        7 => {
            let Some(p) = pick(t, rng, &|n| matches!(n, Tree::Str(_))) else {
                return "none".into();
            };
            let size = if rng.gen_bool(0.05) { 4_000_000 } else { rng.gen_range(1_000..200_000) };
            let chunk = ["a", "é", "🦀", "ab_", " ", "\\n", "{x}"].choose(rng).unwrap_or(&"a");
            let s = chunk.repeat(size / chunk.len());
            *at_mut(t, &p) = Tree::Str(s);
            format!("huge string ({size} bytes) at {}", pointer(t, &p))
        }
        8 => {
            let Some(p) = pick(t, rng, &|n| !matches!(n, Tree::Seq(_) | Tree::Map(_))) else {
                return "none".into();
            };
            *at_mut(t, &p) = odd_number(rng);
            format!("number at {}", pointer(t, &p))
        }
        9 | 10 => {
            let Some(p) = pick(t, rng, &|n| matches!(n, Tree::Map(_))) else {
                return "none".into();
            };
            let Some(key) = dict.keys.choose(rng).cloned() else { return "none".into() };
            let value =
                dict.values.get(&key).and_then(|v| v.choose(rng).cloned()).unwrap_or(Tree::Null);
            let Tree::Map(m) = at_mut(t, &p) else { unreachable!() };
            match m.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v = value,
                None => m.push((key.clone(), value)),
            }
            format!("set `{key}` at {}", pointer(t, &p))
        }
        11 => {
            // A subtree of any seed, in place of a node of this one.
            let Some(other) = seeds.choose(rng) else { return "none".into() };
            let from = &other.files[0].tree;
            let Some(q) = pick(from, rng, &|n| n.count() <= 400) else { return "none".into() };
            let graft = at(from, &q).clone();
            let Some(p) = pick(t, rng, &any) else { return "none".into() };
            *at_mut(t, &p) = graft;
            format!("graft {}{} at {}", other.name, pointer(from, &q), pointer(t, &p))
        }
        12 => {
            let Some(p) = pick(t, rng, &|n| match n {
                Tree::Seq(s) => s.len() > 1,
                Tree::Map(m) => m.len() > 1,
                _ => false,
            }) else {
                return "none".into();
            };
            match at_mut(t, &p) {
                Tree::Seq(s) => s.shuffle(rng),
                Tree::Map(m) => m.shuffle(rng),
                _ => {}
            }
            format!("shuffle {}", pointer(t, &p))
        }
        13 => {
            let Some(p) = pick(t, rng, &|n| matches!(n, Tree::Seq(s) if !s.is_empty())) else {
                return "none".into();
            };
            let Tree::Seq(s) = at_mut(t, &p) else { unreachable!() };
            let i = rng.gen_range(0..s.len());
            if rng.gen_bool(0.5) {
                s.remove(i);
                format!("remove item {i} of {}", pointer(t, &p))
            } else {
                let item = s[i].clone();
                s.insert(i, item);
                format!("repeat item {i} of {}", pointer(t, &p))
            }
        }
        _ => {
            let Some(p) = pick(t, rng, &is_map) else { return "none".into() };
            let new = match rng.gen_range(0..3) {
                0 => dict.keys.choose(rng).cloned().unwrap_or_default(),
                1 => odd_string(rng),
                _ => {
                    let Tree::Map(m) = at(t, &p) else { unreachable!() };
                    let k = &m[rng.gen_range(0..m.len())].0;
                    // A name that meets another after case conversion.
                    match rng.gen_range(0..3) {
                        0 => k.to_lowercase(),
                        1 => k.to_uppercase(),
                        _ => format!("{k}_"),
                    }
                }
            };
            let Tree::Map(m) = at_mut(t, &p) else { unreachable!() };
            let i = rng.gen_range(0..m.len());
            let old = std::mem::replace(&mut m[i].0, new.clone());
            format!("rename key `{old}` to {new:?}")
        }
    }
}

/// A smaller copy of a big spec: a few of its paths, and the components they reach.
fn prune(tree: &Tree, rng: &mut SmallRng) -> Tree {
    let Tree::Map(root) = tree else { return tree.clone() };
    let mut out: Vec<(String, Tree)> = Vec::new();
    for (k, v) in root {
        match (k.as_str(), v) {
            ("components", _) => {}
            ("paths", Tree::Map(paths)) => {
                let n = rng.gen_range(1..=12).min(paths.len());
                let kept: Vec<(String, Tree)> = paths.choose_multiple(rng, n).cloned().collect();
                out.push((k.clone(), Tree::Map(kept)));
            }
            ("webhooks" | "x-webhooks", _) => {}
            _ => out.push((k.clone(), v.clone())),
        }
    }
    // The components reached from what is kept, transitively.
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut queue: Vec<String> = Vec::new();
    refs(&Tree::Map(out.clone()), &mut queue);
    while let Some(r) = queue.pop() {
        let mut parts = r.strip_prefix("#/components/").unwrap_or_default().splitn(3, '/');
        let (Some(kind), Some(name)) = (parts.next(), parts.next()) else { continue };
        let name = name.replace("~1", "/").replace("~0", "~");
        if wanted.iter().any(|(k, n)| k == kind && *n == name) {
            continue;
        }
        if let Some(node) =
            tree.get("components").and_then(|c| c.get(kind)).and_then(|c| c.get(&name))
        {
            refs(node, &mut queue);
            wanted.push((kind.to_owned(), name));
        }
    }
    if let Some(Tree::Map(components)) = tree.get("components") {
        let mut kept = Vec::new();
        for (kind, group) in components {
            match group {
                Tree::Map(entries) if kind != "securitySchemes" => {
                    let entries: Vec<(String, Tree)> = entries
                        .iter()
                        .filter(|(n, _)| wanted.iter().any(|(k, w)| k == kind && w == n))
                        .cloned()
                        .collect();
                    if !entries.is_empty() {
                        kept.push((kind.clone(), Tree::Map(entries)));
                    }
                }
                _ => kept.push((kind.clone(), group.clone())),
            }
        }
        out.push(("components".into(), Tree::Map(kept)));
    }
    Tree::Map(out)
}

fn refs(t: &Tree, out: &mut Vec<String>) {
    match t {
        Tree::Map(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Tree::Str(s)) => out.push(s.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Tree::Seq(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Applies one text mutation; says what it did.
fn mutate_text(text: &mut Vec<u8>, yaml: bool, rng: &mut SmallRng) -> String {
    let len = text.len();
    let pos = |rng: &mut SmallRng| rng.gen_range(0..=len);
    match rng.gen_range(0..10) {
        0 => {
            let at = pos(rng);
            let byte = rng.gen_range(0x80..=0xffu8);
            text.insert(at, byte);
            format!("byte {byte:#x} at {at}")
        }
        1 => {
            let at = pos(rng);
            text.truncate(at);
            format!("cut at {at}")
        }
        2 => {
            let at = pos(rng);
            let bits = [
                "\t",
                "\r",
                "\r\n",
                ":",
                "- ",
                "[",
                "{",
                "&a ",
                "*a",
                "!!str ",
                "? ",
                "|",
                ">",
                "\"",
                "'",
                "#",
                "%YAML 1.2\n",
                "---\n",
                "...\n",
                "\u{feff}",
                "\u{85}",
                "\u{2028}",
            ];
            let bit = bits.choose(rng).unwrap_or(&"");
            text.splice(at..at, bit.bytes());
            format!("insert {bit:?} at {at}")
        }
        3 => {
            let s = String::from_utf8_lossy(text).replace('\n', "\r\n");
            *text = s.into_bytes();
            "CRLF line ends".into()
        }
        4 => {
            let s = String::from_utf8_lossy(text).replacen('\n', "\r", rng.gen_range(1..20));
            *text = s.into_bytes();
            "lone CRs".into()
        }
        5 => {
            text.splice(0..0, "\u{feff}".bytes());
            "byte order mark".into()
        }
        _ if yaml => yaml_feature(text, rng),
        _ => {
            let at = pos(rng);
            text.insert(at, b' ');
            format!("space at {at}")
        }
    }
}

/// An anchor with an alias or a merge key, a tag, or a second document.
fn yaml_feature(text: &mut Vec<u8>, rng: &mut SmallRng) -> String {
    let s = String::from_utf8_lossy(text).into_owned();
    let mut lines: Vec<String> = s.lines().map(str::to_owned).collect();
    let keys: Vec<usize> =
        (0..lines.len()).filter(|&i| lines[i].trim_end().ends_with(':')).collect();
    let scalars: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(": ") && !lines[i].trim_start().starts_with('-'))
        .collect();
    let what = match rng.gen_range(0..4) {
        0 | 1 if !keys.is_empty() => {
            let a = *keys.choose(rng).unwrap_or(&0);
            lines[a].push_str(" &anchor");
            let later: Vec<usize> = scalars.iter().copied().filter(|&i| i > a).collect();
            match later.choose(rng) {
                Some(&b) if rng.gen_bool(0.5) => {
                    let key = lines[b].split(": ").next().unwrap_or_default().to_owned();
                    lines[b] = format!("{key}: *anchor");
                    "anchor and alias".to_owned()
                }
                Some(&b) => {
                    let indent: String = lines[b].chars().take_while(|c| *c == ' ').collect();
                    lines.insert(b, format!("{indent}<<: *anchor"));
                    "anchor and merge key".to_owned()
                }
                None => "anchor".to_owned(),
            }
        }
        2 if !scalars.is_empty() => {
            let b = *scalars.choose(rng).unwrap_or(&0);
            let (key, value) = lines[b]
                .split_once(": ")
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .unwrap_or_default();
            let tag = ["!!str", "!!int", "!custom", "!!binary", "!<tag:yaml.org,2002:str>"]
                .choose(rng)
                .unwrap_or(&"!!str");
            lines[b] = format!("{key}: {tag} {value}");
            format!("tag {tag}")
        }
        _ => {
            lines.push("---".into());
            lines.push("second: document".into());
            "second document".to_owned()
        }
    };
    *text = (lines.join("\n") + "\n").into_bytes();
    what
}

/// Makes an input from seed `index`.
pub fn input(seeds: &[Seed], index: usize, dict: &Dictionary, rng: &mut SmallRng) -> Input {
    let seed = &seeds[index];
    let target = if seed.files.len() > 1 && rng.gen_bool(0.2) {
        rng.gen_range(1..seed.files.len())
    } else {
        0
    };
    let file = &seed.files[target];
    let mut mutations = Vec::new();
    let mut tree = if target == 0 && (seed.size > 100_000 || seed.files.len() > 3) {
        mutations.push("a few paths".to_owned());
        prune(&file.tree, rng)
    } else {
        file.tree.clone()
    };
    let names: Vec<String> = seed.files[1..]
        .iter()
        .filter_map(|f| {
            let base = file.path.parent()?;
            Some(apigen::write::relative(base, &f.path))
        })
        .collect();
    let n = 1 + (rng.gen_range(0..16u32)).trailing_zeros() as usize;
    for _ in 0..n.min(5) {
        mutations.push(mutate_tree(&mut tree, rng, dict, seeds, &names));
    }
    let json_name = file.path.extension().is_some_and(|e| e == "json");
    let format = match (json_name, rng.gen_range(0..20)) {
        (true, 0) => Format::Yaml,
        (true, 1..=4) => Format::JsonCompact,
        (true, _) => Format::Json,
        (false, 0..=1) => Format::YamlFlow,
        (false, 2..=4) => Format::Json,
        (false, _) => Format::Yaml,
    };
    mutations.push(format!("written as {format:?}"));
    let mut bytes = write(&tree, format).into_bytes();
    if rng.gen_bool(0.15) {
        mutations.push(mutate_text(&mut bytes, matches!(format, Format::Yaml), rng));
    }
    let files = seed
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (f.path.clone(), if i == target { bytes.clone().into() } else { f.bytes.clone() })
        })
        .collect();
    Input { files, seed: index, mutations }
}
