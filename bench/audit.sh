#!/bin/sh
# Speed of `apigen audit`: every spec against every document it is transcribed from (the five
# seeds in spec/seeds/, six audits), with the release binary, one process after another.
# Usage: bench/audit.sh   (after `cargo build --release -p apigen`); prints the total time.
set -e
cd "$(dirname "$0")/.."
bin=./target/release/apigen
start=$(date +%s.%N)
$bin audit spec/huawei/coc.yaml --doc spec/seeds/000_7e28aba7651ed6a7.txt >/dev/null
$bin audit spec/huawei/coc.yaml --doc spec/seeds/002_736e84ab059c3d31.txt >/dev/null
$bin audit spec/huawei/osm.yaml --doc spec/seeds/001_c95f602fdb304174.txt >/dev/null
$bin audit spec/tencent/chronofloworder.yaml --doc spec/seeds/003_efebcc00406ad5d8.txt >/dev/null
$bin audit spec/tencent/appmanager.yaml --doc spec/seeds/003_efebcc00406ad5d8.txt >/dev/null
$bin audit spec/sangfor/scp.yaml --doc spec/seeds/004_8c0a1546f2dc6205.txt >/dev/null
end=$(date +%s.%N)
echo "six audits, five documents: $(echo "$end - $start" | bc) s"
