# shellcheck shell=bash
# Shared by the test stubs: log the call, find the fixtures.
#   STUB_FIXTURES  test/collect/fixtures
#   STUB_NODE      node whose outputs host stubs print (hv-01, hv-02)
#   STUB_CALLS     file that receives one line per stub call (optional)
#   STUB_HANG      "openstack <sub command>" that never answers (optional)
#   STUB_REFUSE    peers whose port 16514 refuses connections (nc)
# shellcheck disable=SC2034
FIX=${STUB_FIXTURES:?STUB_FIXTURES not set}
NODE=${STUB_NODE:-hv-01}
if [[ -n ${STUB_CALLS:-} ]]; then
  printf '%s\n' "${0##*/} $*" >>"$STUB_CALLS"
fi
# print a file with bash builtins only (the stubs start no process: the tests stay fast)
emit() {
  local l
  while IFS= read -r l || [[ -n $l ]]; do printf '%s\n' "$l"; done <"$1"
}
# print the lines of file $1 that start with $2, without that prefix
emit_prefixed() {
  local l
  while IFS= read -r l || [[ -n $l ]]; do
    [[ $l == "$2"* ]] && printf '%s\n' "${l#"$2"}"
  done <"$1"
}
