//! `apigen-fuzz`: a structure-aware fuzzer of the apigen generator, on stable Rust.
//!
//! It mutates the specs of spec/, the test fixtures and the public corpus ([`mutate`]) and
//! runs each input through load → validate → lower → emit in process ([`check`]), on a
//! thread with the stack `apigen generate` gives each spec (`apigen::stack::STACK`), under `catch_unwind`, timed,
//! with its peak memory counted by the global allocator ([`alloc`]). Properties: no panic; no
//! input over 5 s or 1 GiB; every rejection has an error at a real position; every accepted
//! spec emits Rust that parses; and a sample of accepted specs, generated into crates, passes
//! `cargo check` ([`compile`]).
//!
//! A supervisor process runs the fuzzing in a worker process and restarts it when it dies (a
//! stack overflow or an allocation over the limit aborts the process; an input that runs past
//! the hang limit ends it): the input in flight is always on disk, so such an input still
//! becomes a finding. Each finding is printed and written, with its input, under
//! `<corpus>/findings/`. A separate crate keeps the product CLI (and its dependencies) free
//! of the fuzzer.
//!
//! ```text
//! cargo run --release -p apigen-fuzz -- --seconds 60          # a short run
//! cargo run --release -p apigen-fuzz -- --inputs 1000000 --jobs 2   # a long run, two workers
//! ```

mod alloc;

use apigen_fuzz::{check, compile, findings, mutate, seeds};

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Parser;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use apigen_fuzz::findings::{Finding, Totals};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// An input still running after this long is a hang: the worker ends and is restarted.
const HANG: Duration = Duration::from_secs(30);
/// The most memory an input may hold at once.
const MEMORY: usize = 1 << 30;

/// Fuzzes the generator with mutated specs.
#[derive(Parser, Clone)]
#[command(name = "apigen-fuzz")]
struct Args {
    /// Stop after this many seconds.
    #[arg(long)]
    seconds: Option<u64>,
    /// Stop after this many inputs.
    #[arg(long)]
    inputs: Option<u64>,
    /// Random seed (default: from the clock); a run is repeatable with the same seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Where findings, the input in flight and the compile sample go.
    #[arg(long, default_value = "target/fuzz")]
    corpus: PathBuf,
    /// How many accepted inputs to generate into crates and `cargo check` at the end (0: none).
    #[arg(long, default_value_t = 20)]
    compile: usize,
    /// Also take GitHub's REST API (13 MB) as a seed (a few of its paths per input).
    #[arg(long)]
    github: bool,
    /// The most processor time one input may take, in seconds (the wall time of an idle core;
    /// on a busy machine the wall time is longer, and it is not what counts). An unoptimized
    /// build runs about three times slower than `--release`.
    #[arg(long, default_value_t = 5)]
    slow: u64,
    /// Worker processes side by side (each on its own seeds; `--inputs` is shared among them).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Seconds between progress lines.
    #[arg(long, default_value_t = 10)]
    progress: u64,
    /// Run as the worker of a supervisor (internal).
    #[arg(long, hide = true)]
    worker: bool,
}

/// The repository: the folder above this crate.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_owned()
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    if args.seconds.is_none() && args.inputs.is_none() {
        args.seconds = Some(60);
    }
    if args.worker {
        return worker(&args);
    }
    supervisor(args)
}

/// Runs `--jobs` lanes of workers until the budget is spent, then the compile check; prints
/// the totals.
fn supervisor(args: Args) -> ExitCode {
    let started = Instant::now();
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    let jobs = args.jobs.max(1);
    // One lane works in the corpus itself; several each in `lane-<k>/` of it (their own input
    // in flight, samples and findings).
    let lanes: Vec<PathBuf> = if jobs == 1 {
        vec![args.corpus.clone()]
    } else {
        (0..jobs).map(|k| args.corpus.join(format!("lane-{k}"))).collect()
    };
    for corpus in &lanes {
        if let Err(e) = findings::prepare(corpus) {
            eprintln!("cannot prepare {}: {e}", corpus.display());
            return ExitCode::from(2);
        }
    }
    println!("apigen-fuzz: seed {seed}, {jobs} job(s), corpus {}", args.corpus.display());
    let board =
        std::sync::Mutex::new(Board { lanes: vec![Totals::default(); jobs], all: Vec::new() });
    let ended: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lanes
            .iter()
            .enumerate()
            .map(|(k, corpus)| {
                let (args, board) = (&args, &board);
                scope.spawn(move || lane(args, k, seed, corpus, board, started))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a lane panicked".into())))
            .collect()
    });
    if let Some(Err(e)) = ended.into_iter().find(Result::is_err) {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    let Board { lanes: lane_totals, mut all } =
        board.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut totals = Totals::default();
    for t in &lane_totals {
        totals.add(t);
    }
    let fuzzing = started.elapsed();
    let compile = if args.compile > 0 {
        compile::check(&lanes[0], &repository())
    } else {
        Ok((0, Vec::new()))
    };
    match compile {
        Ok((checked, failed)) => {
            totals.compiled = checked as u64;
            totals.not_compiling = failed.len() as u64;
            for f in failed {
                println!("{f}");
                all.push(f);
            }
        }
        Err(e) => {
            println!("compile check failed to run: {e}");
            return ExitCode::from(2);
        }
    }
    println!("\n{}", totals.summary(fuzzing));
    println!("compile check: {:.0} s", (started.elapsed() - fuzzing).as_secs_f64());
    if all.is_empty() {
        println!("no findings");
        ExitCode::SUCCESS
    } else {
        let places: Vec<String> =
            lanes.iter().map(|c| c.join("findings").display().to_string()).collect();
        println!("{} finding(s), written under {}", all.len(), places.join(", "));
        ExitCode::from(1)
    }
}

/// What the lanes have done: each lane's totals, and every finding.
struct Board {
    lanes: Vec<Totals>,
    all: Vec<Finding>,
}

/// One lane: a worker process at a time, restarted when one dies on an input (which becomes a
/// finding), until the lane's budget is spent. Lane `k`'s workers take seeds k, k + jobs,
/// k + 2 jobs, ... and its share of the inputs; the first lane takes the compile sample.
fn lane(
    args: &Args,
    k: usize,
    seed: u64,
    corpus: &Path,
    board: &std::sync::Mutex<Board>,
    started: Instant,
) -> Result<(), String> {
    let jobs = args.jobs.max(1);
    let budget = args.inputs.map(|n| n / jobs as u64 + u64::from(k == 0) * (n % jobs as u64));
    let compile = if k == 0 { args.compile } else { 0 };
    let mut totals = Totals::default();
    let publish = |lane: &Totals, finding: Option<Finding>| {
        let mut board = board.lock().unwrap_or_else(|e| e.into_inner());
        board.lanes[k] = lane.clone();
        if let Some(f) = finding {
            println!("{f}");
            board.all.push(f);
        }
        let mut sum = Totals::default();
        for t in &board.lanes {
            sum.add(t);
        }
        sum
    };
    for restart in 0u64.. {
        let elapsed = started.elapsed().as_secs();
        let seconds = args.seconds.map(|s| s.saturating_sub(elapsed));
        let inputs = budget.map(|n| n.saturating_sub(totals.inputs));
        if seconds == Some(0) || inputs == Some(0) {
            break;
        }
        let exe = std::env::current_exe().map_err(|e| format!("the fuzzer's own path: {e}"))?;
        let mut cmd = Command::new(exe);
        cmd.arg("--worker")
            .arg("--seed")
            .arg((seed + k as u64 + restart * jobs as u64).to_string())
            .arg("--corpus")
            .arg(corpus)
            .arg("--compile")
            .arg(compile.to_string())
            .arg("--progress")
            .arg(args.progress.to_string())
            .arg("--slow")
            .arg(args.slow.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(s) = seconds {
            cmd.arg("--seconds").arg(s.to_string());
        }
        if let Some(n) = inputs {
            cmd.arg("--inputs").arg(n.to_string());
        }
        if args.github {
            cmd.arg("--github");
        }
        let mut child = cmd.spawn().map_err(|e| format!("cannot start a worker: {e}"))?;
        let mut stderr = child.stderr.take().expect("piped");
        let tail = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut last = Totals::default();
        for line in
            BufReader::new(child.stdout.take().expect("piped")).lines().map_while(Result::ok)
        {
            if let Some(json) = line.strip_prefix("totals ") {
                if let Ok(t) = serde_json::from_str::<Totals>(json) {
                    last = t;
                    let mut mine = totals.clone();
                    mine.add(&last);
                    let sum = publish(&mine, None);
                    if k == 0 {
                        println!("{}", sum.line(started.elapsed()));
                    }
                }
            } else if let Some(json) = line.strip_prefix("finding ") {
                if let Ok(f) = serde_json::from_str::<Finding>(json) {
                    let mut mine = totals.clone();
                    mine.add(&last);
                    publish(&mine, Some(f));
                }
            } else {
                println!("{line}");
            }
        }
        let status = child.wait().map(|s| s.success()).unwrap_or(false);
        let stderr = tail.join().unwrap_or_default();
        totals.add(&last);
        if status {
            break;
        }
        // The worker died on the input in flight.
        let finding = findings::crashed(corpus, &stderr);
        totals.crashes += 1;
        // The worker's count stops at its last progress line; the input that killed it counts.
        totals.inputs += 1;
        publish(&totals, Some(finding));
    }
    publish(&totals, None);
    Ok(())
}

/// A panic's message and place, kept by the panic hook for the finding.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// What one input did: the check's result (or the panic), its processor time and its peak
/// memory.
type Ran = (Result<Result<check::Outcome, String>, String>, Duration, usize);

/// The processor time this thread has used.
fn thread_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec.try_into().unwrap_or(0), t.tv_nsec.try_into().unwrap_or(0))
}

/// Fuzzes until the budget is spent, printing progress and findings on stdout.
fn worker(args: &Args) -> ExitCode {
    let root = repository();
    let corpus = &args.corpus;
    std::panic::set_hook(Box::new(|info| {
        let place =
            info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            *p = Some(format!("panicked at {place}: {message}"));
        }
    }));
    let seeds: Vec<seeds::Seed> =
        seeds::paths(&root, args.github).iter().filter_map(|p| seeds::load(&root, p)).collect();
    if seeds.is_empty() {
        eprintln!("no seed loads under {}", root.display());
        return ExitCode::from(2);
    }
    let dict = mutate::Dictionary::new(&seeds);
    println!("worker: {} seeds", seeds.len());
    let mut rng = SmallRng::seed_from_u64(args.seed.unwrap_or(1));
    let (to_runner, inputs) = mpsc::channel::<std::sync::Arc<mutate::Input>>();
    let (to_worker, results) = mpsc::channel::<Ran>();
    // The stack `apigen generate` gives each spec.
    let spawned = std::thread::Builder::new().stack_size(apigen::stack::STACK).spawn(move || {
        for input in inputs {
            let base = alloc::reset_peak();
            alloc::set_limit(base + MEMORY);
            let started = thread_time();
            let result = std::panic::catch_unwind(|| check::run(&input)).map_err(|_| {
                PANIC.lock().ok().and_then(|mut p| p.take()).unwrap_or_else(|| "panicked".into())
            });
            let elapsed = thread_time().saturating_sub(started);
            alloc::set_limit(usize::MAX);
            let peak = alloc::peak().saturating_sub(base);
            if to_worker.send((result, elapsed, peak)).is_err() {
                break;
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("cannot start the runner thread: {e}");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let mut totals = Totals::default();
    let mut seen = std::collections::HashSet::new();
    let mut sampled = 0u64;
    let mut last_progress = Instant::now();
    let deadline = args.seconds.map(|s| started + Duration::from_secs(s));
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d)
            || args.inputs.is_some_and(|n| totals.inputs >= n)
        {
            break;
        }
        let index = rng.gen_range(0..seeds.len());
        let input = std::sync::Arc::new(mutate::input(&seeds, index, &dict, &mut rng));
        if let Err(e) = findings::in_flight(corpus, &seeds, &input) {
            eprintln!("cannot write the input in flight: {e}");
            return ExitCode::from(2);
        }
        if to_runner.send(input.clone()).is_err() {
            break;
        }
        let (result, elapsed, peak) = match results.recv_timeout(HANG) {
            Ok(r) => r,
            Err(_) => {
                // Ending the process ends the stuck thread; the supervisor restarts the worker.
                let f = findings::record(
                    corpus,
                    &seeds,
                    &input,
                    "hang",
                    &format!("no end after {} s", HANG.as_secs()),
                    elapsed_ms(HANG),
                    0,
                );
                println!("finding {}", serde_json::to_string(&f).unwrap_or_default());
                println!("totals {}", serde_json::to_string(&totals).unwrap_or_default());
                let _ = std::io::stdout().flush();
                std::process::exit(3);
            }
        };
        totals.inputs += 1;
        totals.max_ms = totals.max_ms.max(elapsed_ms(elapsed));
        totals.max_bytes = totals.max_bytes.max(peak as u64);
        let mut problems: Vec<(&str, String)> = Vec::new();
        match result {
            Ok(Ok(check::Outcome::Accepted)) => {
                totals.accepted += 1;
                // Reservoir sampling: each accepted input is equally likely to be in the sample.
                if args.compile > 0 {
                    sampled += 1;
                    let slot = if (sampled as usize) <= args.compile {
                        Some(sampled as usize - 1)
                    } else {
                        let j = rng.gen_range(0..sampled) as usize;
                        (j < args.compile).then_some(j)
                    };
                    if let Some(slot) = slot {
                        if let Err(e) = findings::sample(corpus, slot, &seeds, &input) {
                            eprintln!("cannot write a sample: {e}");
                        }
                    }
                }
            }
            Ok(Ok(check::Outcome::Rejected(_))) => totals.rejected += 1,
            Ok(Err(property)) => problems.push(("property", property)),
            Err(panic) => {
                totals.panics += 1;
                problems.push(("panic", panic));
            }
        }
        if elapsed > Duration::from_secs(args.slow) {
            totals.slow += 1;
            problems
                .push(("slow", format!("took {:.1} s of processor time", elapsed.as_secs_f64())));
        }
        for (kind, message) in problems {
            if kind == "property" {
                totals.properties += 1;
            }
            let signature = findings::signature(kind, &message);
            if seen.insert(signature) {
                let f = findings::record(
                    corpus,
                    &seeds,
                    &input,
                    kind,
                    &message,
                    elapsed_ms(elapsed),
                    peak as u64,
                );
                println!("finding {}", serde_json::to_string(&f).unwrap_or_default());
            }
        }
        if last_progress.elapsed() >= Duration::from_secs(args.progress) {
            last_progress = Instant::now();
            println!("totals {}", serde_json::to_string(&totals).unwrap_or_default());
        }
    }
    println!("totals {}", serde_json::to_string(&totals).unwrap_or_default());
    ExitCode::SUCCESS
}

fn elapsed_ms(d: Duration) -> u64 {
    d.as_millis().try_into().unwrap_or(u64::MAX)
}
