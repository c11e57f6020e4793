//! The `apigen` command line. Exit codes: 0 success; 1 the check failed (stale generated
//! files, failing signing vectors); 2 the input is wrong (spec errors, unreadable files, bad
//! arguments).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use apigen::write::{self, GenerateError};

// Generation builds and drops millions of small token trees and strings; mimalloc makes that
// about a fifth faster than the system allocator (see the scale benchmark in bench/).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed, signed Rust API clients from the OpenAPI specs in spec/.
#[derive(Parser)]
#[command(name = "apigen", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 check failed (stale files, failing vectors), 2 bad input (spec errors, unreadable files, bad arguments)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate every client crate from the specs (spec/<vendor>/<service>.yaml), writing the
    /// output directory atomically; nothing is written when a spec has errors.
    Generate(Tree),
    /// Fail (exit 1) listing every generated file that differs from what `generate` would
    /// write.
    Check(Tree),
    /// Validate specs and print every problem with file:line:column.
    Validate {
        /// Spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
    /// Sign a request with a vendor's scheme and print the canonical request, the string to
    /// sign, the signature and the headers (Tencent v1: parameters) added, to set beside the
    /// vendor SDK's debug output.
    ///
    /// Credentials come from the vendor SDK's variables: huawei HUAWEICLOUD_SDK_AK and
    /// HUAWEICLOUD_SDK_SK; tc3 and tencent-v1 TENCENTCLOUD_SECRET_ID and
    /// TENCENTCLOUD_SECRET_KEY; sangfor SANGFOR_SCP_ACCESS_KEY and SANGFOR_SCP_SECRET_KEY. The
    /// secret key is never printed.
    Sign(SignArgs),
    /// Compare two revisions of the API and report every change, breaking first, with the
    /// semver bump the generated crates need.
    ///
    /// OLD and NEW are spec files, spec directories (<vendor>/<service>.yaml) or git revisions
    /// (HEAD~1, main; REV:path for another path than spec). Exit codes: 0 no breaking change,
    /// 1 a breaking change not accepted by the ignore file, 2 an error (unreadable input, spec
    /// errors, bad ignore file).
    Diff(DiffArgs),
    /// Release the crates whose spec changed since its last release (kept in releases/ beside
    /// the spec directory): set `info.x-crate-version` by the bump `diff` finds, add the
    /// changelog entry, record the spec as released and regenerate.
    ///
    /// A spec never released gets its first release at its current version (default 0.1.0).
    /// `check` fails until a changed spec is released.
    Release(ReleaseArgs),
    /// Check a spec against the vendor's document, field by field: every operation,
    /// parameter, field, constraint and error code that differs, with the document's section
    /// and line and the spec's file:line.
    ///
    /// Differences listed in the acknowledgement file beside the spec (coc.yaml →
    /// coc.audit.yaml) are reported as acknowledged. Exit codes: 0 every difference
    /// acknowledged, 1 a difference is not, 2 bad input (unreadable spec or document, a
    /// document no reader recognises, a malformed acknowledgement file).
    Audit(AuditArgs),
    /// Run signing test vectors (JSON lines, tests/vectors/shared/FORMAT.md) through the runtime
    /// signers and print each case; exit 1 if any case fails.
    VerifyVectors {
        /// Vector files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct Tree {
    /// Directory holding <vendor>/<service>.yaml specs, or one spec file (YAML or JSON) to
    /// generate one crate from.
    #[arg(long, default_value = "spec")]
    spec: PathBuf,
    /// Output directory: one crate per spec under it, or, for one spec file, the crate's own
    /// directory.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// The crate's name, for one spec file (default: `info.x-crate-name`, else the file's
    /// name: api.github.com.json → api-github-com).
    #[arg(long)]
    crate_name: Option<String>,
    /// For one spec file: make each tag a Cargo feature (`full` enables all), so users build
    /// only the API groups they call; as `x-tag-features: true` at the spec's root.
    #[arg(long)]
    tag_features: bool,
    /// The apigen-runtime crate the generated crates depend on (by relative path).
    #[arg(long, default_value = "runtime")]
    runtime: PathBuf,
}

#[derive(Args)]
struct ReleaseArgs {
    /// Spec files to release (default: every spec under --spec).
    specs: Vec<PathBuf>,
    /// Directory holding <vendor>/<service>.yaml specs.
    #[arg(long, default_value = "spec")]
    spec: PathBuf,
    /// Output directory, regenerated after the release.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// The apigen-runtime crate the generated crates depend on (by relative path).
    #[arg(long, default_value = "runtime")]
    runtime: PathBuf,
    /// The release date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH when set, else today in UTC).
    #[arg(long)]
    date: Option<String>,
    /// Print what would be released and the changelog entries; write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
struct SignArgs {
    /// The signing scheme.
    #[arg(long, value_enum, default_value = "huawei")]
    scheme: SignScheme,
    /// HTTP method.
    #[arg(long, default_value = "GET")]
    method: String,
    /// Full URL, query included (tencent-v1: the parameters of a GET).
    #[arg(long)]
    url: String,
    /// A header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    headers: Vec<String>,
    /// The request body (tencent-v1: the form parameters of a POST).
    #[arg(long, default_value = "")]
    body: String,
    /// Access key id (default: the scheme's variable).
    #[arg(long)]
    access_key: Option<String>,
    /// Signing time: RFC 3339 (2023-11-30T08:00:00Z) or Unix seconds (default: now).
    #[arg(long)]
    time: Option<String>,
    /// tc3, sangfor: service of the credential scope (tc3 default: the host's first label;
    /// sangfor default: open-api).
    #[arg(long)]
    service: Option<String>,
    /// tc3: sent as X-TC-Region (not signed); sangfor: region of the credential scope
    /// (default cn-south-1).
    #[arg(long)]
    region: Option<String>,
    /// tc3: the action, sent as X-TC-Action (not signed).
    #[arg(long)]
    action: Option<String>,
    /// tc3: send X-TC-Content-SHA256: UNSIGNED-PAYLOAD and sign that literal instead of the
    /// body's hash.
    #[arg(long)]
    unsigned_payload: bool,
    /// sangfor: the declared SignedHeaders list (default path;x-amz-date).
    #[arg(long)]
    signed_headers: Option<String>,
    /// tencent-v1: HmacSHA1 or HmacSHA256, added as SignatureMethod (default: the request's
    /// SignatureMethod, else HmacSHA1 unsent, as the service assumes).
    #[arg(long)]
    signature_method: Option<String>,
    /// tencent-v1: the Nonce when the request has none (default: random).
    #[arg(long)]
    nonce: Option<u64>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SignScheme {
    /// Huawei Cloud SDK-HMAC-SHA256.
    Huawei,
    /// Tencent Cloud TC3-HMAC-SHA256.
    Tc3,
    /// Tencent Cloud signature v1 (HmacSHA1, HmacSHA256).
    TencentV1,
    /// Sangfor SCP AWS4-HMAC-SHA256 variant.
    Sangfor,
}

#[derive(Args)]
struct DiffArgs {
    /// The old revision: a spec file, a spec directory or a git revision.
    old: String,
    /// The new revision (default: the working tree's spec/).
    #[arg(default_value = "spec")]
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Accepted breaks: `<rule> <pointer or METHOD /path> # <reason>` per line, or a YAML list
    /// of {rule, pointer, reason} (default: .apigen-diff-ignore if present).
    #[arg(long)]
    ignore: Option<PathBuf>,
}

#[derive(Args)]
struct AuditArgs {
    /// The spec (its `$ref`'d files are read too).
    spec: PathBuf,
    /// The vendor document, as text.
    #[arg(long)]
    doc: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: AuditFormat,
    /// Only this document section and those under it (`4.2` covers `4.2.1`).
    #[arg(long)]
    section: Option<String>,
    /// The acknowledgement file (default: <spec stem>.audit.yaml beside the spec, if present).
    #[arg(long)]
    ack: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum AuditFormat {
    /// Readable in a terminal.
    Text,
    /// JSON (schema in README.md, section "Spec audit").
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// Readable in a terminal, breaking changes first.
    Text,
    /// A pull-request comment.
    Markdown,
    /// GitHub workflow annotations.
    Github,
    /// JSON (schema in README.md, section "API diff").
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(t) => generate(&t, false),
        Command::Check(t) => generate(&t, true),
        Command::Validate { specs } => validate(&specs),
        Command::Sign(args) => sign(args),
        Command::Diff(args) => diff(&args),
        Command::Release(args) => release(&args),
        Command::Audit(args) => audit(&args),
        Command::VerifyVectors { files } => verify_vectors(&files),
    }
}

fn diff(args: &DiffArgs) -> ExitCode {
    use apigen::diff::{self, report::Format};
    use std::io::IsTerminal;
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    };
    let default_ignore = Path::new(".apigen-diff-ignore");
    let ignore_path =
        args.ignore.clone().or_else(|| default_ignore.is_file().then(|| default_ignore.into()));
    let ignore = match ignore_path.as_deref().map(diff::ignore::load).transpose() {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let inputs =
        diff::input::resolve(&args.old).and_then(|o| Ok((o, diff::input::resolve(&args.new)?)));
    let mut result = match inputs.and_then(|(old, new)| diff::diff_inputs(&old, &new)) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    if let Some(ignore) = &ignore {
        for stale in ignore.apply(&mut result) {
            eprintln!(
                "warning: {}:{}: `{} {}` matches no change; remove the entry",
                ignore.path.display(),
                stale.line,
                stale.rule,
                stale.target
            );
        }
    }
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Markdown => Format::Markdown,
        DiffFormat::Github => Format::Github,
        DiffFormat::Json => Format::Json,
    };
    let color = matches!(format, Format::Text)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    print!("{}", diff::report::render(&result, format, color));
    if result.has_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn release(args: &ReleaseArgs) -> ExitCode {
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    };
    let date = match release_date(args.date.as_deref()) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let outcomes = match apigen::release::release(&args.spec, &args.specs, &date, args.dry_run) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    for outcome in &outcomes {
        println!("{outcome}");
        if args.dry_run {
            if let Some(entry) = &outcome.entry {
                println!("\n{entry}");
            }
        }
    }
    if args.dry_run || !outcomes.iter().any(|o| o.written) {
        return ExitCode::SUCCESS;
    }
    let tree = Tree {
        spec: args.spec.clone(),
        out: args.out.clone(),
        crate_name: None,
        tag_features: false,
        runtime: args.runtime.clone(),
    };
    generate(&tree, false)
}

/// `--date`, else the date of SOURCE_DATE_EPOCH (reproducible builds' convention), else
/// today in UTC; always `YYYY-MM-DD`.
fn release_date(flag: Option<&str>) -> Result<String, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if let Some(d) = flag {
        return time::Date::parse(d, format)
            .map(|_| d.to_owned())
            .map_err(|e| format!("--date {d:?}: {e}; expected YYYY-MM-DD, e.g. 2026-01-31"));
    }
    let now = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH={epoch:?} is not a Unix time in seconds"))?,
        Err(_) => time::OffsetDateTime::now_utc(),
    };
    now.date().format(format).map_err(|e| e.to_string())
}

fn audit(args: &AuditArgs) -> ExitCode {
    use apigen::audit::{self, Scope, report};
    let scope = Scope { section: args.section.clone() };
    let result = match audit::audit(&args.spec, &args.doc, args.ack.as_deref(), &scope) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let ack = args.ack.clone().unwrap_or_else(|| audit::ack_path(&args.spec));
    for (line, entry) in &result.stale {
        eprintln!(
            "warning: {}:{line}: `{entry}` matches no finding; remove the entry",
            ack.display()
        );
    }
    match args.format {
        AuditFormat::Text => print!("{}", report::text(&result)),
        AuditFormat::Json => print!("{}", report::json(&result)),
    }
    if result.unacknowledged() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn generate(t: &Tree, check: bool) -> ExitCode {
    let started = std::time::Instant::now();
    if (t.crate_name.is_some() || t.tag_features) && !t.spec.is_file() {
        eprintln!(
            "error: --crate-name and --tag-features need --spec to name one spec file (in spec/, set `info.x-crate-name` or `x-tag-features: true` in the spec)"
        );
        return ExitCode::from(2);
    }
    let result = if t.spec.is_file() {
        let options = apigen::lower::Options { tag_features: t.tag_features };
        write::generate_one(&t.spec, &t.out, &t.runtime, t.crate_name.as_deref(), options)
    } else {
        write::generate(&t.spec, &t.out, &t.runtime)
    };
    let tree = match result {
        Ok(tree) => tree,
        Err(e) => return input_error(&e),
    };
    if check {
        let unreleased = if t.spec.is_dir() { release_problems(&t.spec) } else { Ok(false) };
        let unreleased = match unreleased {
            Ok(u) => u,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        return match write::drift(&tree, &t.out) {
            Ok(d) if d.is_empty() && unreleased => ExitCode::from(1),
            Ok(d) if d.is_empty() => {
                println!("{}: {} files up to date", t.out.display(), tree.files.len());
                ExitCode::SUCCESS
            }
            Ok(d) => {
                eprintln!(
                    "{} is stale: {} file(s) differ from the specs:",
                    t.out.display(),
                    d.len()
                );
                for item in d {
                    eprintln!("  {item}");
                }
                eprintln!("run `cargo run --release -p apigen -- generate` and commit the result");
                ExitCode::from(1)
            }
            Err(e) => input_error(&e),
        };
    }
    match write::write(&tree, &t.out) {
        Ok(changes) => {
            for change in &changes {
                println!("  {change}");
            }
            println!(
                "{}: {} files, {} changed ({:.0?})",
                t.out.display(),
                tree.files.len(),
                changes.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => input_error(&e),
    }
}

/// Prints every spec change not released with the version it needs (and a note for specs
/// never released); true when there is such a change.
fn release_problems(spec: &Path) -> Result<bool, apigen::release::ReleaseError> {
    let states = apigen::release::states(spec, &[])?;
    // Notes only where releases are kept at all.
    let releasing = apigen::release::releases_dir(spec).is_dir();
    let mut found = false;
    for state in &states {
        if let Some(problem) = state.problem() {
            eprintln!("{problem}");
            found = true;
        } else if state.released.is_none() && releasing {
            eprintln!(
                "note: {} has no release yet; `cargo run --release -p apigen -- release` records {} with a changelog",
                state.crate_name, state.version
            );
        }
    }
    Ok(found)
}

fn input_error(e: &GenerateError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn validate(specs: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in specs {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let source = path.display().to_string();
        match apigen::lower::lower_file(path, &name, &source) {
            Ok(service) => println!(
                "{}: ok ({} operations, {} types)",
                path.display(),
                service.operations.len(),
                service.types.len()
            ),
            Err(report) => {
                eprintln!("{report}");
                failed = true;
            }
        }
    }
    if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

fn sign(args: SignArgs) -> ExitCode {
    use apigen::sign::{self, Scheme};
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    };
    let scheme = match args.scheme {
        SignScheme::Huawei => Scheme::Huawei,
        SignScheme::Tc3 => Scheme::Tc3,
        SignScheme::TencentV1 => Scheme::TencentV1,
        SignScheme::Sangfor => Scheme::Sangfor,
    };
    let url = match url::Url::parse(&args.url) {
        Ok(u) => u,
        Err(e) => return fail(format!("--url {:?}: {e}", args.url)),
    };
    let mut headers = Vec::new();
    for h in &args.headers {
        match h.split_once(':') {
            Some((name, value)) => {
                headers.push((name.trim().to_owned(), value.trim_start().to_owned()))
            }
            None => return fail(format!("--header {h:?}: expected `Name: value`")),
        }
    }
    let time = match args.time.as_deref().map(sign::parse_time).transpose() {
        Ok(t) => t.unwrap_or_else(time::OffsetDateTime::now_utc),
        Err(e) => return fail(e),
    };
    let (access_key, secret_key) =
        match sign::credentials(scheme, args.access_key, |name| std::env::var(name).ok()) {
            Ok(c) => c,
            Err(e) => return fail(e),
        };
    let request = sign::Request { method: args.method, url, headers, body: args.body.into_bytes() };
    let options = sign::Options {
        service: args.service,
        region: args.region,
        action: args.action,
        unsigned_payload: args.unsigned_payload,
        signed_headers: args.signed_headers,
        signature_method: args.signature_method,
        nonce: args.nonce,
    };
    match sign::explain(scheme, &request, time, &options, &access_key, &secret_key) {
        Ok(explained) => {
            for note in &explained.notes {
                eprintln!("note: {note}");
            }
            print!("{}", explained.text);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn verify_vectors(files: &[PathBuf]) -> ExitCode {
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for path in files {
        match apigen::vectors::run_file(Path::new(path)) {
            Ok(report) => {
                for result in &report.results {
                    println!("{result}");
                }
                passed += report.passed();
                failed += report.failed().count();
                skipped += report.unsupported();
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped (no signer for the scheme)");
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
