#!/usr/bin/env python3
"""The scale benchmark: what generating, diffing and compiling the clients costs, in one run.

    python3 bench/scale.py [--runs N] [--skip-cargo] [--skip-openapi-generator]

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
   beside apigen's figure, as a ratio.

Needs: a Rust toolchain, /usr/bin/time, Python 3.9+, and for part 5 Java 17 and pip access.
Everything it builds goes under target/bench/.
"""

import argparse
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


def timed(cmd, cwd=ROOT, env=None, runs=1):
    """Median wall seconds and median peak MiB of `cmd` over `runs` runs (fails loudly). Wall
    time is read around the whole process; /usr/bin/time gives the peak resident set."""
    walls, peaks = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
            full = ["/usr/bin/time", "-f", "%M", "-o", out.name, *map(str, cmd)]
            started = time.perf_counter()
            proc = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - started
            if proc.returncode not in (0, 1):
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


def part_openapi_generator(apigen_sangfor):
    venv = WORK / "venv"
    if not (venv / "bin" / "openapi-generator-cli").exists():
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([venv / "bin" / "pip", "install", "-q", "openapi-generator-cli"], check=True)
    out = WORK / "openapi-generator-sangfor"
    shutil.rmtree(out, ignore_errors=True)
    wall, peak = timed([venv / "bin" / "openapi-generator-cli", "generate", "-g", "rust",
                        "-i", ROOT / "spec" / "sangfor" / "scp.yaml", "-o", out,
                        "--skip-validate-spec"])
    table("openapi-generator (rust) on the Sangfor spec",
          ["generator", "wall", "peak", "ratio to apigen (time, memory)"],
          [("openapi-generator-cli", f"{wall:.1f} s", f"{peak:.0f} MiB",
            f"{wall / apigen_sangfor[0]:.0f}x, {peak / apigen_sangfor[1]:.0f}x"),
           ("apigen", f"{apigen_sangfor[0]:.3f} s", f"{apigen_sangfor[1]:.0f} MiB", "1x")])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per timed command (median)")
    parser.add_argument("--skip-cargo", action="store_true", help="skip the compile figures")
    parser.add_argument("--skip-openapi-generator", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "apigen"], cwd=ROOT, check=True)
    print(f"## apigen scale benchmark ({os.cpu_count()} cores)")
    part_generate(args.runs)
    sangfor_tree = one_spec_tree("sangfor", ROOT / "spec" / "sangfor" / "scp.yaml")
    apigen_sangfor = timed([APIGEN, "generate", "--spec", sangfor_tree, "--out",
                            WORK / "generated" / "sangfor-only"], runs=args.runs)
    part_diff(args.runs)
    part_output()
    if not args.skip_cargo:
        part_cargo()
    if not args.skip_openapi_generator:
        part_openapi_generator(apigen_sangfor)


if __name__ == "__main__":
    main()
