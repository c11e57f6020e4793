//! The compile check: the sampled accepted inputs are generated into crates (with
//! `apigen::write::generate_one`, as `apigen generate --spec FILE` does), gathered in one
//! workspace beside the corpus, and checked by `cargo check --all-features`, sharing the
//! repository's target folder so that the runtime and its dependencies are built once.

use std::path::Path;
use std::process::Command;

use crate::findings::{Finding, signature};

/// Checks every sample; returns how many crates were checked and a finding for each sample
/// that does not generate or compile.
pub fn check(corpus: &Path, repo: &Path) -> Result<(usize, Vec<Finding>), String> {
    let samples = corpus.join("samples");
    let work = corpus.join("check");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    }
    std::fs::create_dir_all(work.join("crates")).map_err(|e| e.to_string())?;
    let mut slots: Vec<(usize, std::path::PathBuf)> = std::fs::read_dir(&samples)
        .map_err(|e| format!("{}: {e}", samples.display()))?
        .filter_map(|e| {
            let path = e.ok()?.path();
            Some((path.file_name()?.to_str()?.parse().ok()?, path))
        })
        .collect();
    slots.sort();
    let mut findings = Vec::new();
    let mut members: Vec<(String, std::path::PathBuf)> = Vec::new();
    for (slot, dir) in &slots {
        let Ok(root) = std::fs::read_to_string(dir.join("root.txt")) else { continue };
        let name = format!("fuzz-sample-{slot}");
        let out = work.join("crates").join(&name);
        let generated = apigen::write::generate_one(
            &dir.join(root.trim()),
            &out,
            &repo.join("runtime"),
            Some(&name),
            Default::default(),
        )
        .map_err(|e| e.to_string())
        .and_then(|tree| apigen::write::write(&tree, &out).map_err(|e| e.to_string()));
        match generated {
            Ok(_) => members.push((name, dir.clone())),
            Err(e) => findings.push(finding(corpus, dir, "not generating", &e)),
        }
    }
    std::fs::write(
        work.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
    )
    .map_err(|e| e.to_string())?;
    let _ = std::fs::copy(repo.join("Cargo.lock"), work.join("Cargo.lock"));
    // A crate whose manifest cargo refuses stops the whole workspace: it is reported and
    // taken out, and the others are checked again.
    let checked = members.len();
    for _ in 0..=members.len() {
        if members.is_empty() {
            break;
        }
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "check",
                "--workspace",
                "--all-features",
                "--message-format",
                "short",
                "--quiet",
            ])
            .current_dir(&work)
            .env("CARGO_TARGET_DIR", repo.join("target"))
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if output.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let failed: Vec<usize> = (0..members.len())
            .filter(|&i| {
                stderr.contains(&format!("{}/", members[i].0))
                    || stderr.contains(&format!("`{}`", members[i].0))
            })
            .collect();
        if failed.is_empty() {
            return Err(format!("cargo check failed without naming a sample:\n{stderr}"));
        }
        for &i in failed.iter().rev() {
            let (name, dir) = members.remove(i);
            let first = stderr
                .lines()
                .find(|l| l.contains(&name) && (l.contains("error") || l.contains("failed")))
                .unwrap_or_default();
            findings.push(finding(corpus, &dir, "not compiling", first));
            let _ = std::fs::remove_dir_all(work.join("crates").join(&name));
        }
        let manifest_error = stderr.contains("failed to parse manifest")
            || stderr.contains("failed to load manifest");
        if !manifest_error {
            break;
        }
    }
    Ok((checked, findings))
}

fn finding(corpus: &Path, sample: &Path, kind: &str, message: &str) -> Finding {
    let dir = corpus.join("findings").join(format!(
        "{}-{:016x}",
        kind.replace(' ', "-"),
        signature(kind, message)
    ));
    let _ = copy_dir(sample, &dir);
    Finding {
        kind: kind.to_owned(),
        message: message.chars().take(400).collect(),
        reproducer: dir,
        seed: String::new(),
        mutations: Vec::new(),
        ms: 0,
        bytes: 0,
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}
