//! Component schemas: added, removed, renamed, and each one present in both revisions
//! compared once, in every direction the operations use it in.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::TypeRef;

use super::compare::{Cx, Site};
use super::impact::{self, Candidate};
use super::rename;
use super::usage::{Place, Usage};
use super::{Affected, Direction};

impl<'a> Cx<'_, 'a> {
    /// Compares the component schemas of both revisions. Renames are found first, so the
    /// operations' `$ref`s to a renamed schema match.
    pub fn components(&mut self, old: &Usage<'a>, new: &Usage<'a>) {
        let mut removed: Vec<&String> =
            old.components.keys().filter(|k| !new.components.contains_key(*k)).collect();
        let mut added: Vec<&String> =
            new.components.keys().filter(|k| !old.components.contains_key(*k)).collect();
        let none = BTreeMap::new();
        let mut renames = Vec::new();
        removed.retain(|name| {
            let Some(oat) = old.components.get(*name) else { return true };
            let shape = rename::shape(self.old, oat, &none);
            let is_object = oat.node.get("properties").is_some();
            let found = added.iter().position(|candidate| {
                let Some(nat) = new.components.get(*candidate) else { return false };
                (is_object || rename::similar(name, candidate))
                    && rename::shape(self.new, nat, &none) == shape
            });
            match found {
                Some(i) => {
                    renames.push(((*name).clone(), added.remove(i).clone()));
                    false
                }
                None => true,
            }
        });
        for (o, n) in &renames {
            self.renamed.insert(o.clone(), n.clone());
        }
        for (o, n) in &renames {
            let (Some(oat), Some(nat)) = (old.components.get(o), new.components.get(n)) else {
                continue;
            };
            let site = self.component_site(o, n, old, new);
            let mut items = Vec::new();
            self.type_subtrees(o, n, &mut items);
            for (side, name) in [(self.old, o), (self.new, n)] {
                if let Some(rust) = side.component_type(name) {
                    impact::component_inline_types(side, rust, &mut items);
                }
            }
            let message = format!("schema `{o}` renamed to `{n}`");
            self.at_site("api-schema-renamed", &site, Some(oat), Some(nat), message, items);
            self.schema(oat.clone(), nat.clone(), &site);
        }
        for name in removed {
            let Some(at) = old.components.get(name) else { continue };
            let mut items = Vec::new();
            if let Some(rust) = self.old.component_type(name) {
                items.push(Candidate::Subtree(impact::model(rust)));
                impact::component_inline_types(self.old, rust, &mut items);
            }
            let site = self.component_site(name, name, old, new);
            let message = format!("schema `{name}` removed");
            let root = self.new.root();
            let parent = root.get("components").and_then(|c| c.get("schemas")).unwrap_or(root);
            self.at_site("api-schema-removed", &site, Some(at), Some(&parent), message, items);
        }
        for name in added {
            let Some(at) = new.components.get(name) else { continue };
            let mut items = Vec::new();
            if let Some(rust) = self.new.component_type(name) {
                items.push(Candidate::Subtree(impact::model(rust)));
                impact::component_inline_types(self.new, rust, &mut items);
            }
            let site = self.component_site(name, name, old, new);
            let message = format!("schema `{name}` added");
            let root = self.old.root();
            let parent = root.get("components").and_then(|c| c.get("schemas")).unwrap_or(root);
            self.at_site("api-schema-added", &site, Some(&parent), Some(at), message, items);
        }
        for (name, oat) in &old.components {
            let Some(nat) = new.components.get(name) else { continue };
            let site = self.component_site(name, name, old, new);
            self.schema(oat.clone(), nat.clone(), &site);
        }
    }

    /// The Rust types of a component in both revisions, as subtrees.
    fn type_subtrees(&self, old: &str, new: &str, items: &mut Vec<Candidate>) {
        if let Some(rust) = self.old.component_type(old) {
            items.push(Candidate::Subtree(impact::model(rust)));
        }
        if let Some(rust) = self.new.component_type(new) {
            items.push(Candidate::Subtree(impact::model(rust)));
        }
    }

    /// Where a component is compared: the directions and places the operations of either
    /// revision use it in, and those operations.
    fn component_site(
        &self,
        old_name: &str,
        new_name: &str,
        old: &Usage<'a>,
        new: &Usage<'a>,
    ) -> Site {
        let mut directions = BTreeSet::new();
        let mut places = BTreeSet::new();
        let mut affected: BTreeSet<Affected> = BTreeSet::new();
        for (usage, name) in [(old, old_name), (new, new_name)] {
            for (op, uses) in usage.uses.get(name).into_iter().flat_map(|m| m.values()) {
                directions.extend(uses.directions.iter().copied());
                places.extend(uses.places.iter().copied());
                for d in &uses.directions {
                    affected.insert(Affected { direction: *d, ..op.clone() });
                }
            }
        }
        let place = match places.len() {
            1 => places.into_iter().next().unwrap_or(Place::Property),
            _ => Place::Property,
        };
        let rust = |side: &super::tree::Side<'a>, name: &str| {
            side.component_type(name).map(|r| TypeRef::Named(r.to_owned()))
        };
        Site {
            directions: directions.into_iter().collect::<Vec<Direction>>(),
            place,
            operation: None,
            schema: Some(new_name.to_owned()),
            affected: affected.into_iter().collect(),
            root: format!("schema `{new_name}`"),
            path: String::new(),
            rust: [rust(self.old, old_name), rust(self.new, new_name)],
            items: Vec::new(),
        }
    }
}
