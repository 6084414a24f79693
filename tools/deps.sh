#!/bin/sh
# deps.sh build|test - makes sure the Debian packages vpcgen needs are installed.
#
# As root (CI, a fresh container) it installs what is missing with apt-get; otherwise it
# prints the exact command to run and fails. `test` also installs the npm packages of the
# conformance checkers, pinned by tests/conformance/package-lock.json.
set -eu
mode=${1:-build}

build_pkgs="make gcc pkg-config libyaml-dev libjansson-dev libpcre2-dev"
test_pkgs="$build_pkgs libcmocka-dev clang clang-tools libclang-rt-14-dev python3 python3-jsonschema python3-yaml valgrind groff-base man-db graphviz jq bsdutils"

case $mode in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
*) echo "usage: deps.sh build|test" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# node and npm: any installation will do (Debian's nodejs/npm when there is none).
if [ "$mode" = test ]; then
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "deps: installing$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "deps: missing Debian packages:$missing" >&2
        echo "deps: run: sudo apt-get install -y$missing" >&2
        exit 1
    fi
fi

if [ "$mode" = test ]; then
    dir=tests/conformance
    stamp=$dir/node_modules/.package-lock.json
    if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
        echo "deps: installing the conformance checkers' npm packages (npm ci)"
        (cd "$dir" && npm ci --no-audit --no-fund --silent)
    fi
fi
