#!/usr/bin/env bash
# Runs every test of the portal: domain, application, web (bUnit + HTTP) and the browser tests.
# Installs what the tests need when it is missing (Debian's chromium), builds once, runs each test
# project, and ends with the line "N passed, N failed, N skipped". Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests..."
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
        || { echo "Could not install chromium (apt-get install chromium)."; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p tests/artifacts
log=tests/artifacts/test-output.log

echo "Building..."
if ! dotnet build Consultation.sln -c Release > tests/artifacts/build-output.log 2>&1; then
    grep -E "error" tests/artifacts/build-output.log | sort -u | head -30
    echo "The build failed; see tests/artifacts/build-output.log."
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test Consultation.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project prints "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12" (or "Failed!  - ...").
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- " "$log" | awk -F'[:,]' '
    { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
projects=$(grep -cE "^(Passed|Failed)! +- " "$log")
expected=$(ls -d tests/*.Tests | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1   # a test host crashed or a project did not report: count it, never hide it
fi
if [ "$projects" -lt "$expected" ]; then
    echo "Only $projects of $expected test projects reported results."
    [ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
