#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a fixed time each, one after another.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      # default: 600 s each, all targets
#
# Uses the stable toolchain with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly-only -Z flags),
# AddressSanitizer and debug assertions (so integer overflow is a crash too). Builds into
# fuzz/target, keeps the growing corpus in fuzz/corpus/TARGET (seeded from fuzz/seeds and the
# repository's own small model files), logs in fuzz/logs/TARGET.log, and crashes in
# fuzz/artifacts/TARGET. Prints one summary line per target; exits 1 if any target crashed.
# Needs `cargo install cargo-fuzz` once.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(model_load pipeline proton_response aws_json_error json_read event_stream_frames event_stream_events)
fi

# The crate the `event_stream_events` target reads events with, generated from the fixture.
(cd .. && cargo run -q -p xtask -- codegen --model fuzz/models/telemetry.json \
    --out target/fuzz-gen/telemetry-client --crate-name telemetry-client >/dev/null)

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$PWD/target"
build=(--release --debug-assertions)
# FUZZ_NO_BUILD=1 runs the binaries already in fuzz/target as they are.
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    cargo fuzz build "${build[@]}"
fi
bin=$CARGO_TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release

seed() {
    local target=$1 corpus=corpus/$1
    mkdir -p "$corpus" "artifacts/$target"
    case $target in
        model_load | pipeline)
            # Repository-owned models only: the fixtures, the Proton model, the malformed corpus.
            for file in ../codegen/tests/fixtures/*.json ../model/*.json \
                ../codegen/tests/protocol/*.json ../codegen/tests/malformed/*.json seeds/models/*.json; do
                [ -f "$file" ] && cp -n "$file" "$corpus/$(basename "$(dirname "$file")")-$(basename "$file")"
            done
            ;;
        *) cp -n seeds/"$target"/* "$corpus"/ ;;
    esac
}

options() {
    case $1 in
        model_load | pipeline) echo "-dict=dict/smithy.dict -max_len=80000" ;;
        event_stream_frames | event_stream_events) echo "-max_len=65536" ;;
        *) echo "-dict=dict/json.dict -max_len=16384" ;;
    esac
}

mkdir -p logs
status=0
summary=()
for target in "${targets[@]}"; do
    seed "$target"
    log=logs/$target.log
    # The binaries built above, run directly (so the sources are not rebuilt mid-run).
    # shellcheck disable=SC2046
    if ASAN_OPTIONS=detect_odr_violation=0 "$bin/$target" "corpus/$target" -artifact_prefix="artifacts/$target/" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        $(options "$target") >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (see $log and artifacts/$target)"
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
    corpus=$(find "corpus/$target" -type f | wc -l)
    line="$target: ${seconds}s, $runs executions, coverage $cov edges, corpus $corpus files, $result"
    summary+=("$line")
    echo "$line"
done
printf '%s\n' "" "summary:" "${summary[@]}"
exit $status
