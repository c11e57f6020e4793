//! Crate versions: the bump a [`Semver`] level makes by Cargo's rules, and the edit that
//! writes a version into a spec's `info.x-crate-version` without touching anything else of
//! the file (comments, quoting, key order stay as the author wrote them).

use semver::Version;

use crate::diff::Semver;
use crate::spec::yaml::Node;

/// `version` bumped for a change needing `bump`, as Cargo reads compatibility: in `0.y.z`, `y`
/// is the breaking number and `z` takes both additions and fixes; in `0.0.z` every change is
/// breaking. Pre-release and build metadata are dropped.
pub fn bump(version: &Version, bump: Semver) -> Version {
    if bump == Semver::None {
        return version.clone();
    }
    let mut v = Version::new(version.major, version.minor, version.patch);
    match (bump, v.major, v.minor) {
        (_, 0, 0) => v.patch += 1,
        (Semver::Major, 0, _) => (v.minor, v.patch) = (v.minor + 1, 0),
        (Semver::Major, ..) => (v.major, v.minor, v.patch) = (v.major + 1, 0, 0),
        (Semver::Minor, 0, _) | (Semver::Patch, ..) => v.patch += 1,
        (Semver::Minor, ..) => (v.minor, v.patch) = (v.minor + 1, 0),
        (Semver::None, ..) => {}
    }
    v
}

/// The bump that leads from `from` to `to` (`None` when `to` is not newer), read with the
/// same rules as [`bump`].
pub fn bump_between(from: &Version, to: &Version) -> Semver {
    if to <= from {
        return Semver::None;
    }
    [Semver::Major, Semver::Minor, Semver::Patch]
        .into_iter()
        .find(|level| bump(from, *level) <= *to)
        .unwrap_or(Semver::Patch)
}

/// `text` (the spec file whose parsed tree is `root`) with `info.x-crate-version` set to
/// `version`: the value replaced in place (keeping its quotes), or a line added after
/// `x-crate-name` (else after `version`) when the key is missing (YAML only: a JSON spec gets
/// the key by hand).
pub fn set_in_spec(text: &str, root: &Node, version: &str, json: bool) -> Result<String, String> {
    let info = root
        .get("info")
        .filter(|i| i.as_map().is_some())
        .ok_or_else(|| "the spec has no `info` mapping to hold `x-crate-version`".to_owned())?;
    if let Some(node) = info.get("x-crate-version") {
        let start = node.span.offset;
        let rest = &text[start..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let (len, quoted) = match line.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = line[1..].find(q).ok_or_else(|| {
                    format!(
                        "line {}: the quoted `x-crate-version` does not end on its line",
                        node.span.line
                    )
                })?;
                (close + 2, format!("{q}{version}{q}"))
            }
            _ => {
                let end = line.find(" #").unwrap_or(line.len());
                (line[..end].trim_end().len(), version.to_owned())
            }
        };
        return Ok(format!("{}{quoted}{}", &text[..start], &rest[len..]));
    }
    let anchor = ["x-crate-name", "version"]
        .into_iter()
        .find_map(|k| info.key_span(k))
        .ok_or_else(|| {
            "`info` has neither `x-crate-name` nor `version` to put `x-crate-version` after"
                .to_owned()
        })?;
    let line_start = text[..anchor.offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..anchor.offset];
    if json || !indent.chars().all(|c| c == ' ') {
        return Err(format!(
            "line {}: add `x-crate-version: \"{version}\"` to `info` by hand (it is added only to YAML block mappings)",
            anchor.line
        ));
    }
    let line_end = text[anchor.offset..].find('\n').map_or(text.len(), |i| anchor.offset + i + 1);
    let newline = if line_end == text.len() && !text.ends_with('\n') { "\n" } else { "" };
    Ok(format!(
        "{}{newline}{indent}x-crate-version: \"{version}\"\n{}",
        &text[..line_end],
        &text[line_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect("test version")
    }

    #[test]
    fn bumps_follow_cargo_compatibility() {
        // (from, bump, expected): Cargo's reference, "SemVer compatibility" and "Default
        // requirements": ^0.2.3 accepts 0.2.x; ^0.0.3 accepts 0.0.3 only.
        let cases = [
            ("1.2.3", Semver::Major, "2.0.0"),
            ("1.2.3", Semver::Minor, "1.3.0"),
            ("1.2.3", Semver::Patch, "1.2.4"),
            ("1.2.3", Semver::None, "1.2.3"),
            ("0.2.3", Semver::Major, "0.3.0"),
            ("0.2.3", Semver::Minor, "0.2.4"),
            ("0.2.3", Semver::Patch, "0.2.4"),
            ("0.0.3", Semver::Major, "0.0.4"),
            ("0.0.3", Semver::Minor, "0.0.4"),
            ("1.0.0-alpha.1", Semver::Patch, "1.0.1"),
        ];
        for (from, level, to) in cases {
            assert_eq!(bump(&v(from), level), v(to), "{from} + {level}");
        }
    }

    #[test]
    fn the_bump_between_two_versions() {
        assert_eq!(bump_between(&v("0.1.0"), &v("0.2.0")), Semver::Major);
        assert_eq!(bump_between(&v("0.1.0"), &v("0.1.1")), Semver::Minor);
        assert_eq!(bump_between(&v("1.1.0"), &v("1.1.1")), Semver::Patch);
        assert_eq!(bump_between(&v("1.1.0"), &v("1.2.0")), Semver::Minor);
        assert_eq!(bump_between(&v("1.1.0"), &v("3.0.0")), Semver::Major);
        assert_eq!(bump_between(&v("1.1.0"), &v("1.1.0")), Semver::None);
        assert_eq!(bump_between(&v("1.1.0"), &v("1.0.0")), Semver::None);
    }

    fn set(text: &str, version: &str) -> Result<String, String> {
        let root = crate::spec::yaml::parse(text, 0).expect("test YAML");
        set_in_spec(text, &root, version, false)
    }

    #[test]
    fn the_version_is_replaced_in_place() {
        let text = "openapi: 3.0.3\ninfo:\n  title: T\n  x-crate-version: \"0.1.0\" # set by apigen release\n  version: '1'\npaths: {}\n";
        assert_eq!(
            set(text, "0.2.0").unwrap(),
            "openapi: 3.0.3\ninfo:\n  title: T\n  x-crate-version: \"0.2.0\" # set by apigen release\n  version: '1'\npaths: {}\n"
        );
        let plain = "info:\n  x-crate-version: 0.1.0\n  version: '1'\n";
        assert_eq!(
            set(plain, "1.0.0").unwrap(),
            "info:\n  x-crate-version: 1.0.0\n  version: '1'\n"
        );
    }

    #[test]
    fn a_missing_version_is_added_after_the_crate_name() {
        let text =
            "info:\n    title: T\n    x-crate-name: acme-pets\n    version: '1'\npaths: {}\n";
        assert_eq!(
            set(text, "0.1.0").unwrap(),
            "info:\n    title: T\n    x-crate-name: acme-pets\n    x-crate-version: \"0.1.0\"\n    version: '1'\npaths: {}\n"
        );
        let no_name = "info:\n  version: '1'";
        assert_eq!(
            set(no_name, "0.1.0").unwrap(),
            "info:\n  version: '1'\n  x-crate-version: \"0.1.0\"\n"
        );
    }

    #[test]
    fn a_flow_mapping_is_left_to_the_author() {
        let err = set("info: {title: T, version: '1'}\n", "0.1.0").unwrap_err();
        assert!(err.contains("by hand"), "{err}");
    }
}
