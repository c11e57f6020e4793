//! Findings and the files behind them: the input in flight (so that an input that kills the
//! worker is not lost), each finding's reproducer under `<corpus>/findings/<kind>-<hash>/`,
//! the compile sample under `<corpus>/samples/<slot>/`, and the run's totals.

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::mutate::Input;
use crate::seeds::Seed;

/// Counts of one run (or one worker's part of it).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Totals {
    pub inputs: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub panics: u64,
    /// Inputs that broke a property other than a panic (a rejection without a position, an
    /// accepted spec that does not emit).
    pub properties: u64,
    /// Inputs over the time limit.
    pub slow: u64,
    /// Inputs that ended the worker: stack overflow, memory over the limit, hang.
    pub crashes: u64,
    pub max_ms: u64,
    pub max_bytes: u64,
    /// Accepted inputs generated into crates and checked by cargo.
    pub compiled: u64,
    pub not_compiling: u64,
}

impl Totals {
    /// Adds a worker's counts.
    pub fn add(&mut self, other: &Totals) {
        self.inputs += other.inputs;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.panics += other.panics;
        self.properties += other.properties;
        self.slow += other.slow;
        self.crashes += other.crashes;
        self.max_ms = self.max_ms.max(other.max_ms);
        self.max_bytes = self.max_bytes.max(other.max_bytes);
    }

    fn rate(&self, elapsed: Duration) -> f64 {
        self.inputs as f64 / elapsed.as_secs_f64().max(0.001)
    }

    /// A progress line.
    pub fn line(&self, elapsed: Duration) -> String {
        format!(
            "[{:>5}s] {} inputs ({:.0}/s): {} accepted, {} rejected; panics {}, property failures {}, slow {}, crashes {}; slowest {} ms (processor), most memory {:.1} MiB",
            elapsed.as_secs(),
            self.inputs,
            self.rate(elapsed),
            self.accepted,
            self.rejected,
            self.panics,
            self.properties,
            self.slow,
            self.crashes,
            self.max_ms,
            self.max_bytes as f64 / (1 << 20) as f64,
        )
    }

    /// The closing summary.
    pub fn summary(&self, elapsed: Duration) -> String {
        format!(
            "inputs: {} in {:.0} s ({:.0}/s)\naccepted: {}, rejected: {}\npanics: {}\nproperty failures: {}\nover 5 s of processor time: {} (slowest {} ms)\ncrashes (stack overflow, memory over 1 GiB, hang): {}\nmost memory for one input: {:.1} MiB\naccepted specs compiled: {}, not compiling: {}",
            self.inputs,
            elapsed.as_secs_f64(),
            self.rate(elapsed),
            self.accepted,
            self.rejected,
            self.panics,
            self.properties,
            self.slow,
            self.max_ms,
            self.crashes,
            self.max_bytes as f64 / (1 << 20) as f64,
            self.compiled,
            self.not_compiling,
        )
    }
}

/// One finding, with where its reproducer is.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub kind: String,
    pub message: String,
    pub reproducer: PathBuf,
    pub seed: String,
    pub mutations: Vec<String>,
    pub ms: u64,
    pub bytes: u64,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FINDING {}: {}", self.kind, self.message)?;
        writeln!(f, "  reproducer: {}", self.reproducer.display())?;
        write!(f, "  from {} by: {}", self.seed, self.mutations.join("; "))
    }
}

/// `message` cut to a few hundred characters (a message may quote a mutated string of
/// megabytes).
fn short(message: &str) -> String {
    match message.char_indices().nth(400) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_owned(),
    }
}

/// Creates the corpus folders.
pub fn prepare(corpus: &Path) -> io::Result<()> {
    std::fs::create_dir_all(corpus.join("findings"))?;
    std::fs::create_dir_all(corpus.join("samples"))
}

/// What identifies a finding (see [`signature_of`]), for a message cut short or not.
pub fn signature(kind: &str, message: &str) -> u64 {
    signature_of(kind, &short(message))
}

/// What identifies a finding: its kind and message, numbers left out (one panic at one place
/// is one finding, whatever the input).
pub fn signature_of(kind: &str, message: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    let text: String = message.chars().filter(|c| !c.is_ascii_digit()).take(160).collect();
    let text = match kind {
        // A panic is identified by its place.
        "panic" => message.split(": ").next().unwrap_or_default().to_owned(),
        _ => text,
    };
    text.hash(&mut h);
    h.finish()
}

/// A file of an input: its bytes, or unchanged on disk.
enum Contents {
    Bytes(Arc<[u8]>),
    Disk,
}

fn contents(seeds: &[Seed], input: &Input) -> Vec<(PathBuf, Contents)> {
    let seed = &seeds[input.seed];
    input
        .files
        .iter()
        .map(|(path, bytes)| {
            let same = seed.files.iter().any(|f| f.path == *path && Arc::ptr_eq(&f.bytes, bytes));
            (path.clone(), if same { Contents::Disk } else { Contents::Bytes(bytes.clone()) })
        })
        .collect()
}

/// The folder all of `paths` are in.
fn common_base(paths: &[&Path]) -> PathBuf {
    let mut base = paths.first().and_then(|p| p.parent()).unwrap_or(Path::new("/")).to_owned();
    for p in paths {
        while !p.starts_with(&base) {
            if !base.pop() {
                break;
            }
        }
    }
    base
}

/// Writes the files under `dir`, laid out as they were relative to each other; returns the
/// root's path inside `dir`.
fn write_files(dir: &Path, files: &[(PathBuf, Contents)]) -> io::Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let paths: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let base = common_base(&paths);
    let mut root = PathBuf::new();
    for (i, (path, contents)) in files.iter().enumerate() {
        let relative = path.strip_prefix(&base).unwrap_or(path);
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match contents {
            Contents::Bytes(b) => std::fs::write(&target, b)?,
            Contents::Disk => {
                std::fs::copy(path, &target)?;
            }
        }
        if i == 0 {
            root = relative.to_owned();
            std::fs::write(dir.join("root.txt"), relative.to_string_lossy().as_bytes())?;
        }
    }
    Ok(dir.join(root))
}

/// Writes the input about to run to `<corpus>/in-flight`: changed files in full, the others
/// by path.
pub fn in_flight(corpus: &Path, seeds: &[Seed], input: &Input) -> io::Result<()> {
    let mut out: Vec<u8> = Vec::new();
    out.extend_from_slice(format!("seed {}\n", seeds[input.seed].name).as_bytes());
    out.extend_from_slice(
        format!("mutations {}\n", serde_json::to_string(&input.mutations).unwrap_or_default())
            .as_bytes(),
    );
    for (path, c) in contents(seeds, input) {
        match c {
            Contents::Disk => {
                out.extend_from_slice(format!("file {}\n", path.display()).as_bytes())
            }
            Contents::Bytes(b) => {
                out.extend_from_slice(format!("bytes {} {}\n", b.len(), path.display()).as_bytes());
                out.extend_from_slice(&b);
                out.push(b'\n');
            }
        }
    }
    std::fs::write(corpus.join("in-flight"), out)
}

/// Writes a finding's reproducer and returns the finding.
pub fn record(
    corpus: &Path,
    seeds: &[Seed],
    input: &Input,
    kind: &str,
    message: &str,
    ms: u64,
    bytes: u64,
) -> Finding {
    let dir = corpus.join("findings").join(format!(
        "{}-{:016x}",
        kind.replace(' ', "-"),
        signature(kind, message)
    ));
    let finding = Finding {
        kind: kind.to_owned(),
        message: short(message),
        reproducer: dir.clone(),
        seed: seeds[input.seed].name.clone(),
        mutations: input.mutations.clone(),
        ms,
        bytes,
    };
    let written = write_files(&dir, &contents(seeds, input)).and_then(|root| {
        let note = format!("{finding}\n\nrun: apigen validate {}\n", root.display());
        std::fs::write(dir.join("finding.txt"), note)
    });
    if let Err(e) = written {
        eprintln!("cannot write the reproducer {}: {e}", dir.display());
    }
    finding
}

/// Keeps an accepted input in slot `slot` of the compile sample.
pub fn sample(corpus: &Path, slot: usize, seeds: &[Seed], input: &Input) -> io::Result<()> {
    write_files(&corpus.join("samples").join(slot.to_string()), &contents(seeds, input)).map(|_| ())
}

/// The finding for the input in flight when the worker died, told by its `stderr`.
pub fn crashed(corpus: &Path, stderr: &str) -> Finding {
    let kind = if stderr.contains("overflowed its stack") {
        "stack overflow"
    } else if stderr.contains("memory allocation of") {
        "memory"
    } else {
        "crash"
    };
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    let message = short(&tail.into_iter().rev().collect::<Vec<_>>().join(" / "));
    let dir = corpus.join("findings").join(format!(
        "{}-{:016x}",
        kind.replace(' ', "-"),
        signature(kind, &message)
    ));
    let mut finding = Finding {
        kind: kind.to_owned(),
        message,
        reproducer: dir.clone(),
        seed: String::new(),
        mutations: Vec::new(),
        ms: 0,
        bytes: 0,
    };
    match read_in_flight(corpus) {
        Ok((seed, mutations, files)) => {
            finding.seed = seed;
            finding.mutations = mutations;
            if let Err(e) = write_files(&dir, &files) {
                eprintln!("cannot write the reproducer {}: {e}", dir.display());
            }
        }
        Err(e) => eprintln!("cannot read the input in flight: {e}"),
    }
    finding
}

type InFlight = (String, Vec<String>, Vec<(PathBuf, Contents)>);

fn read_in_flight(corpus: &Path) -> io::Result<InFlight> {
    let data = std::fs::read(corpus.join("in-flight"))?;
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "malformed in-flight file");
    let mut rest: &[u8] = &data;
    let line = |rest: &mut &[u8]| -> Option<String> {
        let end = rest.iter().position(|b| *b == b'\n')?;
        let text = String::from_utf8_lossy(&rest[..end]).into_owned();
        *rest = &rest[end + 1..];
        Some(text)
    };
    let seed =
        line(&mut rest).and_then(|l| l.strip_prefix("seed ").map(str::to_owned)).ok_or_else(bad)?;
    let mutations = line(&mut rest)
        .and_then(|l| serde_json::from_str(l.strip_prefix("mutations ")?).ok())
        .ok_or_else(bad)?;
    let mut files = Vec::new();
    while let Some(l) = line(&mut rest) {
        if let Some(path) = l.strip_prefix("file ") {
            files.push((PathBuf::from(path), Contents::Disk));
        } else if let Some(spec) = l.strip_prefix("bytes ") {
            let (len, path) = spec.split_once(' ').ok_or_else(bad)?;
            let len: usize = len.parse().map_err(|_| bad())?;
            let bytes = rest.get(..len).ok_or_else(bad)?;
            files.push((PathBuf::from(path), Contents::Bytes(bytes.into())));
            rest = rest.get(len + 1..).unwrap_or_default();
        } else {
            return Err(bad());
        }
    }
    Ok((seed, mutations, files))
}
