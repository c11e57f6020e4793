//! Security rules: which ways of authenticating each operation accepts (the document's
//! `security`, or its own), and what the security schemes say.

use std::collections::BTreeSet;

use crate::spec::yaml::Node;

use super::compare::Cx;
use super::impact::Candidate;
use super::tree::Side;
use super::usage::Op;
use super::{Affected, Direction};

/// The security alternatives of an operation (`None`: it has no `security` of its own); each
/// alternative is the set of scheme names it combines. No requirement at all means anonymous
/// access (the empty alternative).
fn alternatives(node: Option<&Node>) -> Option<BTreeSet<BTreeSet<String>>> {
    let list = node?.as_seq()?;
    let mut out: BTreeSet<BTreeSet<String>> = list
        .iter()
        .map(|alt| alt.as_map().map(|m| m.keys().cloned().collect()).unwrap_or_default())
        .collect();
    if out.is_empty() {
        out.insert(BTreeSet::new());
    }
    Some(out)
}

fn show_alternative(alt: &BTreeSet<String>) -> String {
    if alt.is_empty() {
        "no authentication".to_owned()
    } else {
        alt.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + ")
    }
}

impl<'a> Cx<'_, 'a> {
    /// Security of operations that rely on the document's `security` in both revisions.
    pub(super) fn global_security(&mut self, new_ops: &[Op<'a>], old_ops: &[Op<'a>]) {
        let (o, n) = (self.old.root(), self.new.root());
        let old = alternatives(o.node.get("security")).unwrap_or_else(anonymous);
        let new = alternatives(n.node.get("security")).unwrap_or_else(anonymous);
        if old == new {
            return;
        }
        let affected: Vec<Affected> = new_ops
            .iter()
            .filter(|op| op.at.node.get("security").is_none())
            .filter(|op| {
                old_ops
                    .iter()
                    .find(|x| x.key() == op.key())
                    .is_none_or(|x| x.at.node.get("security").is_none())
            })
            .map(|op| Affected {
                operation: op.label.clone(),
                operation_id: op.operation_id.clone(),
                direction: Direction::Request,
            })
            .collect();
        let oa = o.get("security").unwrap_or(o.clone());
        let na = n.get("security").unwrap_or(n.clone());
        for (rule, message) in security_changes(&old, &new, "the document", "api-global-security") {
            self.push(
                &rule,
                None,
                None,
                Some(&oa),
                Some(&na),
                message,
                affected.clone(),
                vec![Candidate::Root],
            );
        }
    }

    pub(super) fn operation_security(&mut self, o: &Op<'a>, n: &Op<'a>, op: &(String, String)) {
        let (own_old, own_new) = (o.at.node.get("security"), n.at.node.get("security"));
        if own_old.is_none() && own_new.is_none() {
            return;
        }
        let root = |side: &Side<'a>| {
            alternatives(side.root().node.get("security")).unwrap_or_else(anonymous)
        };
        let old = alternatives(own_old).unwrap_or_else(|| root(self.old));
        let new = alternatives(own_new).unwrap_or_else(|| root(self.new));
        let oa = o.at.get("security").unwrap_or(o.at.clone());
        let na = n.at.get("security").unwrap_or(n.at.clone());
        for (rule, message) in security_changes(&old, &new, &n.label, "api-security") {
            self.push(
                &rule,
                Some(op),
                None,
                Some(&oa),
                Some(&na),
                message,
                Vec::new(),
                vec![Candidate::Root],
            );
        }
    }
}

fn anonymous() -> BTreeSet<BTreeSet<String>> {
    BTreeSet::from([BTreeSet::new()])
}

/// The changes between two sets of security alternatives, as (rule id, message); `prefix` is
/// `api-security` or `api-global-security`.
fn security_changes(
    old: &BTreeSet<BTreeSet<String>>,
    new: &BTreeSet<BTreeSet<String>>,
    whose: &str,
    prefix: &str,
) -> Vec<(String, String)> {
    let none = BTreeSet::new();
    let (anon_old, anon_new) = (old.contains(&none), new.contains(&none));
    let mut out = Vec::new();
    if anon_old && !anon_new {
        let alts: Vec<String> = new.iter().map(show_alternative).collect();
        out.push((
            format!("{prefix}-required"),
            format!("{whose} now requires authentication: {}", alts.join(" or ")),
        ));
    }
    for alt in old.difference(new).filter(|a| !a.is_empty()) {
        if !anon_new {
            out.push((
                format!("{prefix}-removed"),
                format!("{whose} no longer accepts {}", show_alternative(alt)),
            ));
        }
    }
    for alt in new.difference(old) {
        if alt.is_empty() || !anon_old || anon_new {
            out.push((
                format!("{prefix}-added"),
                format!("{whose} also accepts {}", show_alternative(alt)),
            ));
        }
    }
    out
}
