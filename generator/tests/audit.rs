//! `apigen audit`: every spec of the repository against the vendor documents it was transcribed
//! from (copies in `spec/seeds/`), what seed 002 changed in the COC operation it revises, and
//! the command line's exit codes and JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use apigen::audit::{self, Scope};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_owned()
}

/// Each spec with the documents it is transcribed from.
const AUDITS: &[(&str, &str)] = &[
    ("spec/huawei/coc.yaml", "000_7e28aba7651ed6a7.txt"),
    ("spec/huawei/coc.yaml", "002_736e84ab059c3d31.txt"),
    ("spec/huawei/osm.yaml", "001_c95f602fdb304174.txt"),
    ("spec/tencent/chronofloworder.yaml", "003_efebcc00406ad5d8.txt"),
    ("spec/tencent/appmanager.yaml", "003_efebcc00406ad5d8.txt"),
    ("spec/sangfor/scp.yaml", "004_8c0a1546f2dc6205.txt"),
];

#[test]
fn every_spec_says_what_its_document_says_or_acknowledges_why_not() {
    let mut problems = Vec::new();
    for (spec, seed) in AUDITS {
        let spec = root().join(spec);
        let document = root().join("spec/seeds").join(seed);
        let result = audit::audit(&spec, &document, None, &Scope::default())
            .unwrap_or_else(|e| panic!("audit of {} against {seed}: {e}", spec.display()));
        let read = audit::read_document(&document).expect("document read");
        assert!(!read.operations.is_empty(), "{seed}: nothing read");
        if result.unacknowledged() > 0 || !result.stale.is_empty() {
            problems.push(audit::report::text(&result));
            for (line, entry) in &result.stale {
                problems.push(format!("stale acknowledgement at line {line}: {entry}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "fix the spec or acknowledge the difference in its .audit.yaml with the spec/README.md entry that explains it:\n{}",
        problems.join("\n")
    );
}

/// Seed 002 against the COC spec as it was before 002: the differences are what the revision
/// changed, as spec/README.md (COC entry 23) lists them from reading both documents.
#[test]
fn seed_002_against_the_spec_before_it_lists_what_the_revision_changed() {
    let before = root().join("tests/fixtures/coc/coc-before-002.yaml");
    let seed = root().join("spec/seeds/002_736e84ab059c3d31.txt");
    let result = audit::audit(&before, &seed, None, &Scope::default()).expect("audit runs");
    let mut got: Vec<String> = result
        .findings
        .iter()
        .map(|f| {
            format!("{} {} {}", f.kind, f.location.as_str(), f.field.as_deref().unwrap_or("-"))
        })
        .collect();
    got.sort();
    let want = [
        // Headers X-Language, x-project-id, x-user-profile added.
        "missing-in-spec header X-Language",
        "missing-in-spec header x-project-id",
        "missing-in-spec header x-user-profile",
        // execute_uuid lost its lengths 1–26.
        "max-length path execute_uuid",
        "min-length path execute_uuid",
        // batch_index (1–20) and instance_id (1–2⁶³−1) lost their bounds.
        "maximum body batch_index",
        "maximum body instance_id",
        "minimum body batch_index",
        "minimum body instance_id",
        // 200 now returns {data: string}.
        "missing-in-spec response data",
    ];
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "{}", audit::report::text(&result));
    assert!(
        result.findings.iter().all(|f| f.operation.as_deref()
            == Some("PUT /v1/job/script/orders/{execute_uuid}/operation"))
    );
}

fn apigen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("apigen runs")
}

#[test]
fn exit_codes_and_json() {
    let doc = "spec/seeds/002_736e84ab059c3d31.txt";
    // Acknowledged or no difference: 0.
    let ok = apigen(&["audit", "spec/huawei/coc.yaml", "--doc", doc]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    // Unacknowledged differences: 1, in JSON with every field the README names.
    let out = apigen(&[
        "audit",
        "tests/fixtures/coc/coc-before-002.yaml",
        "--doc",
        doc,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["schema_version"], 1);
    let first = &json["findings"][0];
    for key in [
        "kind",
        "operation",
        "operation_id",
        "location",
        "field",
        "doc",
        "spec",
        "section",
        "doc_line",
        "spec_location",
        "acknowledged",
    ] {
        assert!(first.get(key).is_some(), "finding without `{key}`: {first}");
    }
    assert_eq!(first["operation_id"], "operate_script_job");
    assert_eq!(first["spec_location"]["file"], "tests/fixtures/coc/coc-before-002.yaml");
    assert!(first["doc_line"].as_u64().is_some_and(|l| l > 1));
    // Bad input: 2, naming the file.
    let bad = apigen(&["audit", "spec/huawei/coc.yaml", "--doc", "spec/README.md"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("spec/README.md"));
    let missing = apigen(&["audit", "spec/huawei/coc.yaml", "--doc", "no-such-file.txt"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// Each reader finds every operation section of its documents: the counts the spec/README.md
/// entries give from reading them (Tencent: 6 chronofloworder and 34 appmanager actions;
/// Sangfor: 463 sections less 4.27.2, whose heading the conversion lost).
#[test]
fn the_readers_find_every_operation_section() {
    let read = |seed: &str| {
        audit::read_document(&root().join("spec/seeds").join(seed)).expect("document read")
    };
    let tencent = read("003_efebcc00406ad5d8.txt");
    let by =
        |s: &str| tencent.operations.iter().filter(|o| o.service.as_deref() == Some(s)).count();
    assert_eq!((by("chronofloworder"), by("appmanager")), (6, 34));
    assert!(tencent.operations.iter().all(|o| o.action.is_some() && o.body.is_some()));
    let mut codes: Vec<&str> = tencent.error_codes.iter().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 26, "the 26 公共错误码: {codes:?}");
    let sangfor = read("004_8c0a1546f2dc6205.txt");
    let openstack = sangfor.operations.iter().filter(|o| o.part.is_some()).count();
    assert_eq!((sangfor.operations.len() - openstack, openstack), (397, 65));
}

#[test]
fn a_malformed_acknowledgement_file_names_its_line() {
    let text = "acknowledged:\n  - {document: a.txt, kind: type, location: body}\n";
    let err = audit::ack::Acks::parse(Path::new("x.audit.yaml"), text).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("reason"), "{err}");
    let text = "acknowledged:\n  - {document: a.txt, kind: type, location: nowhere, reason: r}\n";
    let err = audit::ack::Acks::parse(Path::new("x.audit.yaml"), text).unwrap_err();
    assert!(err.to_string().contains("nowhere"), "{err}");
}

/// Single random changes to the specs (seeded, the same on every run), each audited again:
/// the audit must report each at the changed operation and field, and nothing else new, for
/// at least 95 % of them in every document family. The default run is a sample (500 for the
/// Huawei family, fewer for the Tencent and Sangfor documents, whose audits are slower in a
/// debug build); `APIGEN_MUTATIONS=N` runs N per document.
#[test]
fn the_audit_finds_single_changes_to_the_specs() {
    use rand::SeedableRng;
    let per_document: &[(&str, &str, &str, usize)] = &[
        ("Huawei", "spec/huawei/coc.yaml", "000_7e28aba7651ed6a7.txt", 220),
        ("Huawei", "spec/huawei/coc.yaml", "002_736e84ab059c3d31.txt", 50),
        ("Huawei", "spec/huawei/osm.yaml", "001_c95f602fdb304174.txt", 260),
        ("Tencent", "spec/tencent/chronofloworder.yaml", "003_efebcc00406ad5d8.txt", 30),
        ("Tencent", "spec/tencent/appmanager.yaml", "003_efebcc00406ad5d8.txt", 40),
        ("Sangfor", "spec/sangfor/scp.yaml", "004_8c0a1546f2dc6205.txt", 120),
    ];
    let scale: Option<usize> = std::env::var("APIGEN_MUTATIONS").ok().and_then(|n| n.parse().ok());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    let mut families: Vec<(&str, usize, usize)> = Vec::new();
    let mut report = Vec::new();
    for (family, spec, seed, count) in per_document {
        let spec = root().join(spec);
        let mut loaded = apigen::spec::load(&spec).expect("spec loads");
        let text = std::fs::read_to_string(root().join("spec/seeds").join(seed)).expect("seed");
        let document = audit::parse_document(seed, &text).expect("document read");
        let ack = audit::ack_path(&spec);
        let acks = ack.is_file().then(|| audit::ack::Acks::load(&ack).expect("acknowledgements"));
        let sites = audit::mutate::sites(&loaded, &document);
        let count = scale.unwrap_or(*count).min(sites.len());
        let pick = rand::seq::index::sample(&mut rng, sites.len(), count).into_vec();
        let score = audit::mutate::run(&mut loaded, &document, acks.as_ref(), &sites, &pick);
        println!(
            "{family} {seed} {}: {}/{} found ({:.1}%), {} sites",
            spec.file_name().unwrap_or_default().to_string_lossy(),
            score.found,
            score.total,
            100.0 * score.found as f64 / score.total.max(1) as f64,
            sites.len()
        );
        for m in &score.missed {
            println!("  missed: {m}");
        }
        match families.iter_mut().find(|(f, _, _)| f == family) {
            Some((_, found, total)) => {
                *found += score.found;
                *total += score.total;
            }
            None => families.push((family, score.found, score.total)),
        }
        report.extend(score.missed.iter().map(|m| format!("{seed}: {m}")));
    }
    let (found, total) = families.iter().fold((0, 0), |(f, t), (_, a, b)| (f + a, t + b));
    for (family, f, t) in &families {
        println!("{family}: {f}/{t} ({:.1}%)", 100.0 * *f as f64 / (*t).max(1) as f64);
    }
    println!("all: {found}/{total} ({:.1}%)", 100.0 * found as f64 / total.max(1) as f64);
    assert!(scale.is_some() || total >= 500, "only {total} mutations");
    for (family, f, t) in &families {
        let floor = 95;
        assert!(f * 100 >= t * floor, "{family}: found {f} of {t}:\n{}", report.join("\n"));
    }
}
