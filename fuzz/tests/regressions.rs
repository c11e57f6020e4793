//! Every input the fuzzer found a problem with, kept in `fuzz/regressions/<name>/` (the spec
//! files, and `root.txt` naming the root), goes through the fuzzer's checks again: no panic,
//! every rejection at a real position, every accepted spec emitted as Rust that parses. Adding
//! a case is adding a folder; `expect.txt`, when present, holds `accepted` or a message the
//! rejection must contain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use apigen_fuzz::check::{self, Outcome};
use apigen_fuzz::mutate::Input;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if !["root.txt", "expect.txt", "finding.txt"]
            .contains(&path.file_name().and_then(|n| n.to_str()).unwrap_or_default())
        {
            out.push(path);
        }
    }
}

#[test]
fn every_kept_reproducer_keeps_the_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fuzz/regressions")
        .map(|e| e.expect("an entry").path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no reproducer under {}", root.display());
    let mut failures = Vec::new();
    for case in &cases {
        let main =
            case.join(std::fs::read_to_string(case.join("root.txt")).expect("root.txt").trim());
        let mut paths = Vec::new();
        files(case, &mut paths);
        paths.sort_by_key(|p| *p != main);
        let input = Input {
            files: paths
                .iter()
                .map(|p| (p.clone(), Arc::from(std::fs::read(p).expect("readable"))))
                .collect(),
            seed: 0,
            mutations: Vec::new(),
        };
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap_or_default();
        // On the stack `apigen generate` gives each spec (an input nested to the limit needs
        // more than a test thread's 2 MiB in an unoptimized build).
        let outcome = apigen::stack::run(|| std::panic::catch_unwind(|| check::run(&input)));
        let problem = match outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok(Err(property)) => Some(property),
            Ok(Ok(Outcome::Accepted))
                if !expect.trim().is_empty() && expect.trim() != "accepted" =>
            {
                Some(format!("accepted, expected a rejection with `{}`", expect.trim()))
            }
            Ok(Ok(Outcome::Rejected(message))) if expect.trim() == "accepted" => {
                Some(format!("rejected ({message}), expected to be accepted"))
            }
            Ok(Ok(Outcome::Rejected(message))) if !message.contains(expect.trim()) => {
                Some(format!("rejected with `{message}`, expected `{}`", expect.trim()))
            }
            Ok(Ok(_)) => None,
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} reproducers fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
