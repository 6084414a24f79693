#!/bin/sh
# valgrind.sh BUILD - runs the whole test suite with every program of BUILD (vpcgen and the
# unit tests) under valgrind memcheck: any memory error, or any byte definitely or
# indirectly lost, makes the program exit 99, which fails the test that ran it.
set -eu
build=${1:-build/release}
wrap=build/valgrind
rm -rf "$wrap"
mkdir -p "$wrap/tests"
make_wrapper() { # real wrapper
    cat >"$2" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
    --errors-for-leak-kinds=definite,indirect "$(pwd)/$1" "\$@"
WRAP
    chmod +x "$2"
}
make_wrapper "$build/vpcgen" "$wrap/vpcgen"
for t in "$build"/tests/test_*; do
    [ -x "$t" ] && [ "${t%.d}" = "$t" ] && make_wrapper "$t" "$wrap/tests/${t##*/}"
done
MEMCHECK=1 exec sh tests/run.sh "$wrap"
