#!/usr/bin/env python3
"""The scale benchmark: what generating, diffing and compiling the clients costs, in one run.

    python3 bench/scale.py [--runs N] [--skip-cargo] [--skip-openapi-generator]
                           [--apigen PATH] [--github-spec PATH] [--only PART...]

Prints one table per part (medians of N runs, 11 by default: 5 were too few on a noisy machine; peak memory is the largest resident set of the
process and its children, from /usr/bin/time):

1. generate: `apigen generate` per spec and for the whole tree, beside the load-and-validate
   floor (`apigen validate` of the same specs);
2. diff: `apigen diff` on the 1,200-operation benchmark pair (written by
   `cargo bench -p apigen --bench diff -- --test`);
3. output: generated files and lines per crate, and the largest file;
4. compile: `cargo check` of each generated crate, default features and all features, with its
   dependencies prebuilt (the crate itself only), and `cargo build` of `sangfor-scp`: default
   features cold (dependencies included) and all features (the crate itself);
5. openapi-generator (PyPI `openapi-generator-cli`, generator `rust`) on the Sangfor spec,
   beside apigen's figure, as a ratio;
6. GitHub's REST API (`--github-spec`, by default the one `npm ci` in tests/corpus installs;
   the part is skipped when the file is absent): `apigen validate` (the load-and-validate
   floor) and `apigen generate --tag-features` of it (targets: < 2 s, < 300 MB), openapi-generator
   on the same spec, run once, not --runs times (tens of seconds and about a gigabyte each), with
   the ratio (target: apigen at least 20x faster), and, unless --skip-cargo, `cargo check` of the
   crate with `--features full` and with one tag (`repos`), its dependencies prebuilt.

Parts: generate, diff, output, cargo, openapi-generator, github; `--only PART...` runs only
those (`--skip-cargo` and `--skip-openapi-generator` still apply, also within the github part).
`--apigen PATH` uses that binary instead of building target/release/apigen first.

Needs: a Rust toolchain, /usr/bin/time, Python 3.9+, and for part 5 and openapi-generator in
part 6 Java 17 and pip access. Everything it builds goes under target/bench/.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
APIGEN = ROOT / "target" / "release" / "apigen"
GITHUB_SPEC = (ROOT / "tests" / "corpus" / "node_modules" / "@octokit" / "openapi" / "generated"
               / "api.github.com.json")
PARTS = ("generate", "diff", "output", "cargo", "openapi-generator", "github")


def timed(cmd, cwd=ROOT, env=None, runs=1, ok=(0, 1)):
    """Median wall seconds and median peak MiB of `cmd` over `runs` runs (fails loudly on an
    exit code not in `ok`). Wall time is read around the whole process; /usr/bin/time gives
    the peak resident set."""
    walls, peaks = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
            full = ["/usr/bin/time", "-f", "%M", "-o", out.name, *map(str, cmd)]
            started = time.perf_counter()
            proc = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - started
            if proc.returncode not in ok:
                sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr[-3000:]}")
            peak_kb = out.read().split()[-1]
        walls.append(wall)
        peaks.append(int(peak_kb) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def table(title, header, rows):
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


def specs():
    """(crate directory name, spec file) for every spec under spec/, as `apigen` finds them."""
    out = []
    for vendor in sorted((ROOT / "spec").iterdir()):
        if vendor.is_dir():
            for spec in sorted(vendor.glob("*.yaml")):
                if not spec.name.endswith(".audit.yaml"):
                    out.append((vendor.name, spec))
    return out


def crate_of(spec):
    for line in spec.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("x-crate-name:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    return f"{spec.parent.name}-{spec.stem}"


def one_spec_tree(vendor, spec):
    """A spec directory holding only `spec` (and the group files it references)."""
    tree = WORK / "spec-trees" / crate_of(spec)
    shutil.rmtree(tree, ignore_errors=True)
    (tree / vendor).mkdir(parents=True)
    shutil.copy(spec, tree / vendor / spec.name)
    for sub in spec.parent.iterdir():
        if sub.is_dir():
            shutil.copytree(sub, tree / vendor / sub.name)
    return tree


def part_generate(runs):
    rows = []
    out = WORK / "generated"
    for vendor, spec in specs():
        tree = one_spec_tree(vendor, spec)
        floor = timed([APIGEN, "validate", spec], runs=runs)
        gen = timed([APIGEN, "generate", "--spec", tree, "--out", out / crate_of(spec)], runs=runs)
        rows.append((crate_of(spec), f"{gen[0]:.3f} s", f"{gen[1]:.0f} MiB", f"{floor[0]:.3f} s",
                     f"{floor[1]:.0f} MiB", f"{gen[0] / floor[0]:.1f}x"))
    all_specs = [s for _, s in specs()]
    floor = timed([APIGEN, "validate", *all_specs], runs=runs)
    gen = timed([APIGEN, "generate", "--out", out / "all"], runs=runs)
    rows.append(("**whole tree**", f"**{gen[0]:.3f} s**", f"{gen[1]:.0f} MiB", f"{floor[0]:.3f} s",
                 f"{floor[1]:.0f} MiB", f"**{gen[0] / floor[0]:.1f}x**"))
    table("generate (target: whole tree < 0.5 s and within 2x of the floor)",
          ["spec", "generate", "peak", "load+validate floor", "peak", "ratio"], rows)
    return gen


def part_diff(runs):
    pair = ROOT / "target" / "tmp" / "diff-bench"
    if not (pair / "old.yaml").exists():
        subprocess.run(["cargo", "bench", "-q", "-p", "apigen", "--bench", "diff", "--", "--test"],
                       cwd=ROOT, check=True, capture_output=True)
    wall, peak = timed([APIGEN, "diff", pair / "old.yaml", pair / "new.yaml", "--format", "json"],
                       runs=runs)
    table("diff (target: < 1 s, < 150 MB)", ["pair", "wall", "peak"],
          [("1,200 operations, a few hundred changes", f"{wall:.3f} s", f"{peak:.0f} MiB")])


def part_output():
    rows = []
    for krate in sorted((ROOT / "generated").iterdir()):
        files = [f for f in krate.rglob("*") if f.is_file()]
        rs = [f for f in files if f.suffix == ".rs"]
        lines = {f: len(f.read_text(encoding="utf-8").splitlines()) for f in rs}
        largest = max(lines, key=lines.get)
        rows.append((krate.name, len(files), sum(lines.values()),
                     f"{largest.relative_to(krate)} ({lines[largest]})"))
    table("output (target: no generated file over 5,000 lines)",
          ["crate", "files", "Rust lines", "largest file (lines)"], rows)


def part_cargo():
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "cargo-target"), CARGO_INCREMENTAL="0")
    crates = sorted(p.name for p in (ROOT / "generated").iterdir())
    # Dependencies prebuilt (check and build), so the figures are the crates themselves.
    for kind in ("check", "build"):
        subprocess.run(["cargo", kind, "-q", "-p", "apigen-runtime", "--all-features"], cwd=ROOT,
                       env=env, check=True)
    rows = []
    for krate in crates:
        row = [krate]
        for features in ([], ["--all-features"]):
            subprocess.run(["cargo", "clean", "-q", "-p", krate], cwd=ROOT, env=env, check=True)
            wall, peak = timed(["cargo", "check", "-q", "-p", krate, *features], env=env)
            row += [f"{wall:.1f} s", f"{peak:.0f} MiB"]
        rows.append(row)
    table("cargo check, dependencies prebuilt",
          ["crate", "default", "peak", "all features", "peak"], rows)

    cold = dict(env, CARGO_TARGET_DIR=str(WORK / "cargo-cold"))
    shutil.rmtree(WORK / "cargo-cold", ignore_errors=True)
    default_cold = timed(["cargo", "build", "-q", "-p", "sangfor-scp"], env=cold)
    subprocess.run(["cargo", "clean", "-q", "-p", "sangfor-scp"], cwd=ROOT, env=env, check=True)
    full_crate = timed(["cargo", "build", "-q", "-p", "sangfor-scp", "--features", "full"], env=env)
    table("cargo build of sangfor-scp",
          ["build", "wall", "peak", "target"],
          [("default features, cold, dependencies included", f"{default_cold[0]:.1f} s",
            f"{default_cold[1]:.0f} MiB", "< 60 s"),
           ("`full`, the crate itself", f"{full_crate[0]:.1f} s", f"{full_crate[1]:.0f} MiB",
            "< 90 s, < 2 GB")])


def openapi_generator(spec, out):
    """Wall seconds and peak MiB of one run of openapi-generator (`rust`) on `spec` into `out`,
    installed from PyPI into a virtualenv under target/bench/ on first use."""
    venv = WORK / "venv"
    if not (venv / "bin" / "openapi-generator-cli").exists():
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([venv / "bin" / "pip", "install", "-q", "openapi-generator-cli"], check=True)
    shutil.rmtree(out, ignore_errors=True)
    wall, peak = timed([venv / "bin" / "openapi-generator-cli", "generate", "-g", "rust",
                        "-i", spec, "-o", out, "--skip-validate-spec"], ok=(0,))
    if not (out / "Cargo.toml").exists():
        sys.exit(f"openapi-generator wrote no crate for {spec} (no {out / 'Cargo.toml'})")
    return wall, peak


def part_openapi_generator(apigen_sangfor):
    wall, peak = openapi_generator(ROOT / "spec" / "sangfor" / "scp.yaml",
                                   WORK / "openapi-generator-sangfor")
    table("openapi-generator (rust) on the Sangfor spec",
          ["generator", "wall", "peak", "ratio to apigen (time, memory)"],
          [("openapi-generator-cli", f"{wall:.1f} s", f"{peak:.0f} MiB",
            f"{wall / apigen_sangfor[0]:.0f}x, {peak / apigen_sangfor[1]:.0f}x"),
           ("apigen", f"{apigen_sangfor[0]:.3f} s", f"{apigen_sangfor[1]:.0f} MiB", "1x")])


def mb(mib):
    """MiB (what /usr/bin/time gives) in MB (what the targets say)."""
    return mib * 1.048576


def part_github(runs, spec, skip_cargo, skip_openapi_generator):
    title = "GitHub's REST API"
    if not spec.is_file():
        print(f"\n### {title}\n\nskipped: no spec at {spec} (run `npm ci` in tests/corpus, "
              "or pass --github-spec PATH)")
        return
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    paths = json.loads(spec.read_text(encoding="utf-8")).get("paths", {})
    operations = sum(1 for item in paths.values() for m in item if m in methods)
    size = spec.stat().st_size / 1e6
    floor = timed([APIGEN, "validate", spec], runs=runs, ok=(0,))
    gen = timed([APIGEN, "generate", "--tag-features", "--spec", spec, "--out", WORK / "github",
                 "--runtime", "runtime"], runs=runs, ok=(0,))
    yes = lambda met: "yes" if met else "**no**"
    rows = [
        ("`apigen validate` (load and validate: the floor)", f"median of {runs}",
         f"{floor[0]:.3f} s", f"{floor[1]:.0f} MiB", "", ""),
        ("`apigen generate --tag-features`", f"median of {runs}", f"**{gen[0]:.3f} s**",
         f"**{gen[1]:.0f} MiB** ({mb(gen[1]):.0f} MB)", "< 2 s, < 300 MB",
         f"{yes(gen[0] < 2)}, {yes(mb(gen[1]) < 300)}"),
        ("generate / floor", "", f"{gen[0] / floor[0]:.1f}x", f"{gen[1] / floor[1]:.1f}x", "", ""),
    ]
    if skip_openapi_generator:
        rows.append(("openapi-generator-cli (`-g rust`)", "skipped (--skip-openapi-generator)",
                     "", "", "", ""))
    else:
        wall, peak = openapi_generator(spec, WORK / "openapi-generator-github")
        rows += [
            ("openapi-generator-cli (`-g rust`)", "**1** (run once, not --runs times: it is slow)",
             f"{wall:.1f} s", f"{peak:.0f} MiB", "", ""),
            ("**openapi-generator / apigen generate**", "", f"**{wall / gen[0]:.0f}x** slower",
             f"**{peak / gen[1]:.1f}x** the memory", "apigen >= 20x faster",
             yes(wall / gen[0] >= 20)),
        ]
    table(f"{title} ({operations:,} operations, {size:.1f} MB of JSON, a Cargo feature per tag)",
          ["step", "runs", "wall", "peak", "target", "met"], rows)
    if not skip_cargo:
        part_github_cargo(spec)


def part_github_cargo(spec):
    """`cargo check` of GitHub's crate, `full` and one tag, in a scratch workspace of its own
    under target/bench/ (with the repository's lock file), dependencies prebuilt: the figures
    are the crate itself, one run each, as in part_cargo."""
    ws = WORK / "github-workspace"
    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    subprocess.run([APIGEN, "generate", "--tag-features", "--spec", spec, "--out", ws / "github",
                    "--runtime", ROOT / "runtime"], cwd=ROOT, check=True, capture_output=True)
    manifest = (ws / "github" / "Cargo.toml").read_text(encoding="utf-8")
    krate = next(line.split("=", 1)[1].strip().strip('"') for line in manifest.splitlines()
                 if line.startswith("name ="))
    (ws / "Cargo.toml").write_text('[workspace]\nresolver = "3"\nmembers = ["github"]\n',
                                   encoding="utf-8")
    shutil.copy(ROOT / "Cargo.lock", ws / "Cargo.lock")
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "cargo-target"), CARGO_INCREMENTAL="0")
    # Dependencies prebuilt: the tag features enable no dependency feature, so one check with
    # a single tag builds every dependency as both figures need it.
    subprocess.run(["cargo", "check", "-q", "-p", krate, "--features", "repos"], cwd=ws, env=env,
                   check=True)
    rows = []
    for features, label in (("full", "`full` (every tag)"), ("repos", "`repos` (one tag)")):
        subprocess.run(["cargo", "clean", "-q", "-p", krate], cwd=ws, env=env, check=True)
        wall, peak = timed(["cargo", "check", "-q", "-p", krate, "--features", features], cwd=ws,
                           env=env, ok=(0,))
        rows.append((label, f"{wall:.1f} s", f"{peak:.0f} MiB"))
    table(f"cargo check of GitHub's crate ({krate}), dependencies prebuilt, one run",
          ["features", "wall", "peak"], rows)


def main():
    global APIGEN
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per timed command (median)")
    parser.add_argument("--skip-cargo", action="store_true", help="skip the compile figures")
    parser.add_argument("--skip-openapi-generator", action="store_true",
                        help="skip openapi-generator (part 5, and its run in the github part)")
    parser.add_argument("--apigen", metavar="PATH",
                        help="the apigen binary to measure (default: target/release/apigen, "
                             "built first)")
    parser.add_argument("--github-spec", metavar="PATH", default=str(GITHUB_SPEC),
                        help="GitHub's REST API spec (default: the one `npm ci` in tests/corpus "
                             "installs); the github part is skipped when it is absent")
    parser.add_argument("--only", nargs="+", choices=PARTS, metavar="PART",
                        help=f"run only these parts ({', '.join(PARTS)})")
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.apigen is None:
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "apigen"], cwd=ROOT, check=True)
    else:
        APIGEN = Path(args.apigen).resolve()
        if not APIGEN.is_file():
            sys.exit(f"no apigen binary at {APIGEN}")
    print(f"## apigen scale benchmark ({os.cpu_count()} cores)")
    if "generate" in parts:
        part_generate(args.runs)
    oag_sangfor = "openapi-generator" in parts and not args.skip_openapi_generator
    if oag_sangfor:
        sangfor_tree = one_spec_tree("sangfor", ROOT / "spec" / "sangfor" / "scp.yaml")
        apigen_sangfor = timed([APIGEN, "generate", "--spec", sangfor_tree, "--out",
                                WORK / "generated" / "sangfor-only"], runs=args.runs)
    if "diff" in parts:
        part_diff(args.runs)
    if "output" in parts:
        part_output()
    if "cargo" in parts and not args.skip_cargo:
        part_cargo()
    if oag_sangfor:
        part_openapi_generator(apigen_sangfor)
    if "github" in parts:
        part_github(args.runs, Path(args.github_spec).resolve(), args.skip_cargo,
                    args.skip_openapi_generator)


if __name__ == "__main__":
    main()
