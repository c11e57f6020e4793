#!/usr/bin/env bash
# The crates as users get them: `cargo package` apigen-runtime and every generated crate, then
# build a project outside the workspace that depends on each generated crate by path to its
# unpacked package (apigen-runtime, not on crates.io, is patched in from its own package), with
# the newest compatible versions of every dependency instead of our Cargo.lock. This is what
# `cargo package`'s own verification does, once for all the crates instead of one dependency
# build per crate. Fails when a package is incomplete, does not build on its own, or when our
# crates warn under that resolution (registry crates' lints are capped; ours are path crates).
# Usage: .ci/package.sh [DIR]   (default: a new temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$(mktemp -d)}
cd "$root"
crates=()
for c in generated/*/; do crates+=("$(basename "$c")"); done
args=(-p apigen-runtime)
for n in "${crates[@]}"; do args+=(-p "$n"); done
# Verification is the build below.
cargo package --no-verify "${args[@]}"

rm -rf "$dir/packages" && mkdir -p "$dir/packages" "$dir/src"
version() { sed -n 's/^version = "\(.*\)"$/\1/p' "$1" | head -1; }
unpack() { # crate directory → unpacked package directory
  local name=$1 version=$2
  tar -xzf "target/package/$name-$version.crate" -C "$dir/packages"
  echo "$dir/packages/$name-$version"
}
runtime=$(unpack apigen-runtime "$(version runtime/Cargo.toml)")
{
  printf '[package]\nname = "outside"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n'
  for n in "${crates[@]}"; do
    printf '%s = { path = "%s" }\n' "$n" "$(unpack "$n" "$(version "generated/$n/Cargo.toml")")"
  done
  # The README's mock test of each crate runs against its `mock` feature.
  printf '\n[dev-dependencies]\ntokio = { version = "1", features = ["macros", "rt"] }\nserde_json = "1"\n'
  for n in "${crates[@]}"; do
    printf '%s = { path = "%s", features = ["mock"] }\n' "$n" "$dir/packages/$n-$(version "generated/$n/Cargo.toml")"
  done
  printf '\n[patch.crates-io]\napigen-runtime = { path = "%s" }\n' "$runtime"
} > "$dir/Cargo.toml"
mkdir -p "$dir/tests"
{
  echo "//! The test each crate's README shows, as written there, against the crate's mock."
  for n in "${crates[@]}"; do
    printf 'mod %s {\n' "${n//-/_}"
    awk '/^## Test your code against a mock/{s=1} s&&/^```rust/{f=1;next} f&&/^```$/{exit} f' "generated/$n/README.md"
    printf '}\n'
  done
} > "$dir/tests/readme.rs"
{
  echo '//! Builds a client of every generated crate, as a user project would.'
  echo 'fn main() {'
  for n in "${crates[@]}"; do
    printf '    let _ = %s::Client::builder().endpoint("https://example.com");\n' "${n//-/_}"
  done
  echo '}'
} > "$dir/src/main.rs"
rm -f "$dir/Cargo.lock"
cd "$dir"
cargo generate-lockfile --quiet
cargo build --message-format short 2>&1 | tee "$dir/build.log"
if grep -E 'generated [0-9]+ warnings?' "$dir/build.log"; then
  echo "error: our crates warn when built with the newest compatible dependencies (above)" >&2
  exit 1
fi
cargo test --test readme 2>&1 | tee "$dir/test.log"
grep -q "test result: ok. ${#crates[@]} passed" "$dir/test.log" || {
  echo "error: the README mock tests did not all run and pass outside the workspace" >&2
  exit 1
}
echo "packaged and built outside the workspace: apigen-runtime ${crates[*]}; their README mock tests pass"
