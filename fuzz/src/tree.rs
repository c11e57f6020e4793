//! The spec tree the mutations work on, and its writers (YAML block style, YAML flow style,
//! JSON). Unlike the generator's tree, a mapping may hold a key twice (a mutation writes
//! duplicate keys on purpose), and values keep no positions.

use apigen::spec::yaml::{Node, Value};

/// A YAML/JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

impl Tree {
    /// The generator's tree, positions dropped.
    pub fn from_node(node: &Node) -> Tree {
        match &node.value {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(*b),
            Value::Int(i) => Tree::Int(*i),
            Value::Float(f) => Tree::Float(*f),
            Value::Str(s) => Tree::Str(s.clone()),
            Value::Seq(items) => Tree::Seq(items.iter().map(Tree::from_node).collect()),
            Value::Map(m) => {
                Tree::Map(m.iter().map(|(k, (_, v))| (k.clone(), Tree::from_node(v))).collect())
            }
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The number of nodes.
    pub fn count(&self) -> usize {
        1 + match self {
            Tree::Seq(items) => items.iter().map(Tree::count).sum(),
            Tree::Map(m) => m.iter().map(|(_, v)| v.count()).sum(),
            _ => 0,
        }
    }
}

/// How a file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// YAML, block style, strings double-quoted where plain would be read otherwise.
    Yaml,
    /// YAML in flow style (JSON-like, read by the YAML reader: a comment comes first).
    YamlFlow,
    /// JSON, indented.
    Json,
    /// JSON on one line.
    JsonCompact,
}

/// `tree` as text in `format`.
pub fn write(tree: &Tree, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Yaml => yaml_block(tree, 0, &mut out),
        Format::YamlFlow => {
            out.push_str("# flow style\n");
            json(tree, None, 0, &mut out);
            out.push('\n');
        }
        Format::Json => json(tree, Some(2), 0, &mut out),
        Format::JsonCompact => json(tree, None, 0, &mut out),
    }
    out
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A key or string written plain when YAML reads it back as the same string.
fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-./{}".contains(c))
        && !s.contains('{')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_owned() } else { quoted(s) }
}

fn yaml_scalar(tree: &Tree) -> Option<String> {
    Some(match tree {
        Tree::Null => "null".to_owned(),
        Tree::Bool(b) => b.to_string(),
        Tree::Int(i) => i.to_string(),
        Tree::Float(f) if f.is_nan() => ".nan".to_owned(),
        Tree::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.to_owned(),
        Tree::Float(f) => format!("{f:?}"),
        Tree::Str(s) => yaml_text(s),
        Tree::Seq(items) if items.is_empty() => "[]".to_owned(),
        Tree::Map(m) if m.is_empty() => "{}".to_owned(),
        Tree::Seq(_) | Tree::Map(_) => return None,
    })
}

fn yaml_block(tree: &Tree, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match tree {
        Tree::Map(m) if !m.is_empty() => {
            for (k, v) in m {
                yaml_entry(&format!("{pad}{}:", yaml_text(k)), v, indent, out);
            }
        }
        Tree::Seq(items) if !items.is_empty() => {
            for v in items {
                yaml_entry(&format!("{pad}-"), v, indent, out);
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&yaml_scalar(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

/// `lead` (a key and its colon, or a list dash) and the value: on the same line when it is a
/// scalar, indented below it otherwise.
fn yaml_entry(lead: &str, value: &Tree, indent: usize, out: &mut String) {
    out.push_str(lead);
    match yaml_scalar(value) {
        Some(s) => {
            out.push(' ');
            out.push_str(&s);
            out.push('\n');
        }
        None => {
            out.push('\n');
            yaml_block(value, indent + 2, out);
        }
    }
}

fn json(tree: &Tree, indent: Option<usize>, level: usize, out: &mut String) {
    let newline = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    };
    match tree {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(&b.to_string()),
        Tree::Int(i) => out.push_str(&i.to_string()),
        Tree::Float(f) if f.is_finite() => out.push_str(&format!("{f:?}")),
        Tree::Float(_) => out.push_str("null"),
        Tree::Str(s) => out.push_str(&quoted(s)),
        Tree::Seq(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                json(v, indent, level + 1, out);
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Tree::Map(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                out.push_str(&quoted(k));
                out.push_str(if indent.is_some() { ": " } else { ":" });
                json(v, indent, level + 1, out);
            }
            if !m.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every format reads back (with the generator's own readers) as the tree written.
    #[test]
    fn every_format_reads_back_as_the_same_tree() {
        let tree = Tree::Map(vec![
            ("openapi".into(), Tree::Str("3.0.3".into())),
            ("200".into(), Tree::Str("true".into())),
            ("odd key: #".into(), Tree::Seq(vec![Tree::Int(-1), Tree::Float(1.5), Tree::Null])),
            ("nested".into(), Tree::Map(vec![("e".into(), Tree::Seq(vec![]))])),
            ("text".into(), Tree::Str("line\nnext \"q\" \u{1F600} \t".into())),
            ("list".into(), Tree::Seq(vec![Tree::Map(vec![("a".into(), Tree::Bool(false))])])),
        ]);
        for format in [Format::Yaml, Format::YamlFlow, Format::Json, Format::JsonCompact] {
            let text = write(&tree, format);
            let node = if format == Format::Yaml || format == Format::YamlFlow {
                apigen::spec::yaml::parse(&text, 0)
            } else {
                apigen::spec::json::parse(&text, 0)
            };
            let node = node.unwrap_or_else(|e| panic!("{format:?}: {e:?}\n{text}"));
            assert_eq!(Tree::from_node(&node), tree, "{format:?}:\n{text}");
        }
    }
}
