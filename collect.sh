#!/usr/bin/env bash
# collect.sh - gather a support bundle for a failed VM migration (OpenStack / Platform9 PCD),
# in the format "migration-bundle/1" that migration-doctor reads (docs/collect.md).
#
#   collect.sh mgmt --vm <uuid> [--vm <uuid>...] [--namespace <region>] [options]
#   collect.sh host [--peer <host>...] [options]
#   collect.sh redact < file > file.redacted
#
# Needs bash >= 4.2, coreutils, tar, gzip, and the awk / grep / sed of any Linux base system;
# it calls openstack and kubectl (mgmt) or systemctl, virsh, openssl, ss, ... (host) when present.
# It only reads: nothing on the host is changed. Run `collect.sh --help` for everything else.

if [ -z "${BASH_VERSION:-}" ]; then
  echo "collect.sh: run it with bash (bash collect.sh ...)" >&2
  exit 2
fi
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 2))); then
  echo "collect.sh: bash 4.2 or newer is needed (this is $BASH_VERSION)" >&2
  exit 2
fi

readonly COLLECT_VERSION="1.0.0"
readonly BUNDLE_FORMAT="migration-bundle/1"

# ---------------------------------------------------------------------------------------------
# What is collected (the bundle contract, ../shared/bundle-format.md, and docs/collect.md)
# ---------------------------------------------------------------------------------------------
HOST_UNITS=(pf9-hostagent pf9-ostackhost libvirtd libvirtd-tls.socket ovn-controller
  pf9-neutron-ovn-metadata-agent pf9-cindervolume-base)
HOST_LOGS=(/var/log/pf9/ostackhost.log /var/log/libvirt/libvirtd.log /var/log/pf9/cindervolume-base.log
  /var/log/ovn/ovn-controller.log /var/log/openvswitch/ovn-controller.log /var/log/pf9/hostagent.log)
QEMU_LOG_DIR=/var/log/libvirt/qemu
HOST_CONFIGS=(/etc/libvirt/libvirtd.conf /etc/pf9/host_id.conf /etc/hosts)
HOST_CERTS=(/etc/pki/CA/cacert.pem /etc/pki/libvirt/servercert.pem /etc/pki/libvirt/clientcert.pem)
QEMU_CERT_DIR=/etc/pki/qemu
MGMT_DEPLOYMENTS_REQUIRED=(nova-api-osapi nova-scheduler nova-conductor placement-api)
MGMT_DEPLOYMENTS_OPTIONAL=(neutron-server cinder-api)
MIGRATION_ACTIONS=" live-migration live_migration migrate resize evacuate confirmResize revertResize
  live_migration_cancel live_migration_force_complete unshelve "
# domains that appear in URLs of error messages and are not the customer's hosts
PUBLIC_DOMAINS=" openstack.org launchpad.net libvirt.org github.com platform9.com python.org
  kubernetes.io k8s.io redhat.com ubuntu.com debian.org qemu.org "
MAX_EVENT_SHOWS=10
MAX_PORTS=20
MAX_VOLUMES=20
MAX_AGGREGATES=30
MAX_HYPERVISORS=10

# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------
MODE=""
OUT_DIR="."
SINCE_ARG=""
UNTIL_ARG=""
MAX_LOG_MB=100
ROOT="/"
REDACT=1
OBFUSCATE=0
OBF_KEY="${COLLECT_OBFUSCATE_KEY:-}"
OBF_KEY_GENERATED=0
CMD_TIMEOUT=60
NAMESPACE=""
HOSTNAME_ARG=""
HISTORY=0  # host mode without --since: whole logs, newest first
WINDOWED=1 # logs are cut to a time window
QUIET=0
VMS=()
PEERS=()
HOST_ALIASES=()
EXTRA_CERTS=()
JSON_BACKEND="${COLLECT_JSON_BACKEND:-auto}"   # auto | jq | python | awk (tests force each one)
TIMEOUT_IMPL="${COLLECT_TIMEOUT_IMPL:-auto}"  # auto | coreutils | bash

usage() {
  cat <<'EOF'
collect.sh - gather a support bundle that explains a failed VM migration (migration-doctor)

Usage:
  collect.sh mgmt --vm <uuid> [--vm <uuid> ...] [--namespace <region>] [options]
      On a machine with the `openstack` client and admin credentials (OS_* variables or
      OS_CLOUD). Collects server show, migration list, event list / show, services, agents,
      hypervisors, availability zones, aggregates, flavor, volumes and ports of each VM, and,
      with --namespace (Self-Hosted PCD, needs kubectl), the pod list and the logs of
      nova-api-osapi, nova-scheduler, nova-conductor, placement-api (neutron-server,
      cinder-api when present) for the time window.
  collect.sh host [--peer <host> ...] [options]
      On each compute node involved (source and destination) and on the storage node.
      Collects systemctl status of the pf9 / libvirt / OVN units, the node logs for the window
      (ostackhost, libvirtd, qemu, cindervolume-base, ovn-controller, hostagent, with their
      rotated files), libvirt TLS certificate details, virsh capabilities, lscpu, listening
      sockets, reachability of each peer's TCP port 16514, free, df, iSCSI sessions, multipath.
      Peers are the --peer hosts plus those named in qemu+tls:// URIs of ostackhost.log.
  collect.sh redact < in > out
      Apply the redaction rules to a file you want to send by hand (count on stderr).

Options (every mode):
  --out DIR             where the .tar.gz is written (default: current directory)
  --since TIME          start of the window. mgmt mode: default 24 h before --until, widened
                        to 1 h before the newest migration action of the VMs. host mode:
                        default none: the logs are taken whole, newest file first, up to
                        --max-log-mb per log with its rotated files (files last written more
                        than 30 days ago are left out), so a failure days old is still there
  --until TIME          end of the window (default: now). TIME: ISO-8601 such as
                        2026-11-20T08:00:00Z, or anything `date -d` reads ("3 hours ago");
                        a time without zone is UTC
  --max-log-mb N        keep at most N MiB of each log, the most recent part (default 100;
                        without --since, of each log and its rotated files together)
  --root DIR            file-system root that node files are read under (default /)
  --cmd-timeout SEC     time limit of each command (default 60; decimals allowed)
  --no-redact           keep passwords, tokens and keys (redaction is on by default)
  --obfuscate-hosts     replace host names and IPv4 addresses by pseudonyms
  --obfuscate-key KEY   key of the pseudonyms: give the same key to every run of one case
                        so that the mgmt and host bundles agree (default: a random key,
                        printed at the end; also read from COLLECT_OBFUSCATE_KEY)
  --hostname NAME       name of this node in the bundle (default, host mode: the name nova
                        knows it by: nova's [DEFAULT] host option, else libvirt's host name;
                        else uname -n)
  -q, --quiet           print only the result
  -h, --help            this text
  --version             print the version
Mode options:
  --vm UUID             (mgmt, repeatable) the instance whose migration failed
  --namespace NS        (mgmt) Kubernetes namespace of the region (= workload region name)
  --peer HOST           (host, repeatable) other node of the migration: its port 16514 is tested
  --cert PATH           (host, repeatable) extra certificate to inspect with openssl x509

Output: migration-bundle-<mode>-<host>-<UTC time>.tar.gz in --out, and its path and size on
stdout. Exit status: 0 bundle complete; 3 bundle written but some commands failed, timed out
or were missing (listed in its manifest.json); 130 interrupted (partial bundle written);
2 usage error (nothing collected); 1 no bundle could be written.
EOF
}

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
say() { ((QUIET)) || printf '%s\n' "$*" >&2; }
warn() { printf 'collect.sh: WARNING: %s\n' "$*" >&2; }
die() {
  printf 'collect.sh: %s\n' "$1" >&2
  exit "${2:-1}"
}
usage_error() {
  printf 'collect.sh: %s\n(collect.sh --help explains the usage)\n' "$1" >&2
  exit 2
}
have() { command -v "$1" >/dev/null 2>&1; }
# awk, grep, sed and sort with byte semantics, whatever the user's locale
cawk() { LC_ALL=C awk "$@"; }
cgrep() { LC_ALL=C grep "$@"; }

# milliseconds since the epoch, in NOW_MS (no fork with bash 5)
now_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local us=${EPOCHREALTIME//[!0-9]/}
    NOW_MS=$((10#$us / 1000))
    return
  fi
  local ns
  ns=$(date +%s%N 2>/dev/null)
  if [[ $ns =~ ^[0-9]+$ ]] && ((${#ns} > 12)); then
    NOW_MS=$((10#$ns / 1000000))
  else
    NOW_MS=$(($(date +%s) * 1000))
  fi
}

# JSON string of $1 in REPLY
json_esc() {
  local s=$1 out="" c i code
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  if [[ $s == *[[:cntrl:]]* ]]; then
    for ((i = 0; i < ${#s}; i++)); do
      c=${s:i:1}
      if [[ $c == [[:cntrl:]] ]]; then
        printf -v code '%d' "'$c"
        printf -v c '\\u%04x' "$code"
      fi
      out+=$c
    done
    s=$out
  fi
  REPLY="\"$s\""
}
json_str() {
  json_esc "$1"
  printf '%s' "$REPLY"
}
# JSON array of strings of "$@", in REPLY (json_arr_p prints it)
json_arr() {
  local a sep="" out="["
  for a in "$@"; do
    json_esc "$a"
    out+="$sep$REPLY"
    sep=", "
  done
  REPLY="$out]"
}
json_arr_p() {
  json_arr "$@"
  printf '%s' "$REPLY"
}

# file-name-safe form of an identifier
slug() {
  local s=${1//[^A-Za-z0-9._-]/_}
  [[ $s == .* ]] && s="_$s"
  printf '%s' "${s:-_}"
}

is_uuid() { [[ $1 =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; }
is_ipv4() { [[ $1 =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]]; }
in_list() { [[ " $2 " == *" $1 "* ]]; }

# epoch seconds of a user-given time (a time without zone is UTC)
parse_time() {
  local t=$1
  [[ $t =~ ^[0-9]+$ ]] && t="@$t"
  TZ=UTC date -u -d "$t" +%s 2>/dev/null
}
iso_utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
log_utc() { date -u -d "@$1" '+%Y-%m-%d %H:%M:%S'; }
log_local() { date -d "@$1" '+%Y-%m-%d %H:%M:%S'; }
file_mtime() { stat -c %Y -- "$1" 2>/dev/null || date -r "$1" +%s 2>/dev/null || echo 0; }
# size in bytes of a file, in FSIZE (one fork)
file_size() {
  FSIZE=$(wc -c <"$1" 2>/dev/null)
  FSIZE=${FSIZE//[!0-9]/}
  FSIZE=${FSIZE:-0}
}
human_size() {
  cawk -v b="$1" 'BEGIN {
    if (b >= 1048576) printf "%.1f MiB", b / 1048576
    else if (b >= 1024) printf "%.1f KiB", b / 1024
    else printf "%d bytes", b }'
}
sha_hex() { printf '%s' "$1" | sha256sum | cut -c1-"$2"; }

# ---------------------------------------------------------------------------------------------
# awk programs
# ---------------------------------------------------------------------------------------------
# Output filter of every collected file: redaction (unless -v off=1), the drop of the first,
# partial line after `tail -c` (-v cap=N -v winfile=<file with the bytes kept by the window cut>),
# and byte counts ("<bytes in> <bytes out>" to -v outcnt=FILE). Appends "<rule> <count>" lines
# to -v cntfile. Regexes avoid {n,m} (not in every mawk).
read -r -d '' AWK_FILTER <<'AWK_EOF'
function ci(s,    i, c, u, l, r) {
  r = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1); u = toupper(c); l = tolower(c)
    if (u != l) r = r "[" u l "]"; else r = r c
  }
  return r
}
function unq(v) {
  if (length(v) >= 2 && (v ~ /^".*"$/ || v ~ /^'.*'$/)) return substr(v, 2, length(v) - 2)
  if (length(v) >= 4 && v ~ /^\\".*\\"$/) return substr(v, 3, length(v) - 4)
  return v
}
function skipval(v,   w) {
  w = unq(v)
  return (w == "" || w ~ /^(None|none|null|NULL|nil|<empty>|<redacted>|\(none\)|\*+|~|\{\}|\[\])$/)
}
function mask(v,   q) {
  if (length(v) >= 4 && v ~ /^\\".*\\"$/) return "\\\"" R "\\\""
  q = substr(v, 1, 1)
  if ((q == "\"" || q == "'") && length(v) >= 2 && substr(v, length(v), 1) == q) return q R q
  return R
}
# replace each match of full in s; pre (anchored) is the part of a match to keep, keep the
# last sfx characters too; values shorter than minlen are left alone
function rule(s, full, pre, sfx, minl, name,    out, m, p, v, t) {
  out = ""
  while (s != "" && match(s, full)) {
    m = substr(s, RSTART, RLENGTH)
    out = out substr(s, 1, RSTART - 1)
    s = substr(s, RSTART + RLENGTH)
    p = ""
    if (pre != "" && match(m, pre)) p = substr(m, 1, RLENGTH)
    v = substr(m, length(p) + 1, length(m) - length(p) - sfx)
    t = substr(m, length(m) - sfx + 1)
    if (sfx == 0) t = ""
    if (skipval(v) || length(v) < minl) out = out m
    else { out = out p mask(v) t; cnt[name]++ }
  }
  return out s
}
# a finished private key block: say how many lines were taken out
function pemnote(lead,   msg) {
  msg = lead "<redacted: private key, " pemn " line(s) removed" (pemn >= PEM_MAX ? ", stopped at the limit" : "") ">"
  print msg; bout += length(msg) + 1
  inpem = 0; pemn = 0; pemp = ""
}
# credentials in URLs: scheme://user:password@host, and further ,user:password@host of a
# multi-host transport_url; the password may hold ':', '/', '#', '@': it ends at the first '@'
# followed by a host name or address and a delimiter
function urlcred(s,   out, i, j, c, n) {
  out = ""
  while (match(s, URL_USER)) {
    out = out substr(s, 1, RSTART + RLENGTH - 1)
    s = substr(s, RSTART + RLENGTH)
    while (1) {
      j = 0; n = length(s); if (n > 512) n = 512
      for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c == " " || c == "\t" || c == "\"" || c == "'") break
        if (c == "@" && substr(s, i + 1, 300) ~ AT_HOST) { j = i; break }
      }
      if (j < 2 || skipval(substr(s, 1, j - 1))) break
      out = out R; s = substr(s, j); cnt["url-credentials"]++
      # the next host of the same URL: @host,user:
      if (!match(s, NEXT_USER)) break
      out = out substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
    }
  }
  return out s
}
BEGIN {
  R = "<redacted>"
  kw = ci("password|passwd|passphrase|adminpass|secret|token|apikey|api_key|api-key|access_key|access-key|accesskey|private_key|private-key|privatekey|credential|authorization|auth_key|auth-key|user_data")
  K = "[A-Za-z0-9_.-]*(" kw ")[A-Za-z0-9_.-]*"
  SEP = "(\\\\?[\"'])?[ \t]*[:=][ \t]*"
  DQ = "\"([^\"\\\\]|\\\\.)*\""
  EQ = "\\\\\"[^\\\\\"]*\\\\\""
  SQ = "'[^']*'"
  UQ = "[^] \t\"',;&}|)\\\\]+"
  SCH = "((" ci("bearer|basic|token|negotiate|digest") ")[ \t]+)?"
  VAL = SCH "(" DQ "|" SQ "|" EQ "|" UQ ")"
  INI_PRE = "^[ \t]*[#;]?[ \t]*" K "[ \t]*[:=][ \t]*"
  INI_FULL = INI_PRE "[^ \t].*$"
  TAB_PRE = "^[|][ \t]*" K "[ \t]*[|][ \t]*"
  TAB_FULL = TAB_PRE "[^| \t][^|]*"
  CLI_K = "--[A-Za-z0-9_.-]*(" ci("password|passwd|token|secret") ")[A-Za-z0-9_.-]*[ =]"
  BEARER = ci("bearer") "[ \t]+"
  PEM_B = "-----BEGIN[A-Z ]*PRIVATE KEY-----"
  PEM_E = "-----END[A-Z ]*PRIVATE KEY-----"
  PEM_MAX = 200
  URL_USER = "[A-Za-z][A-Za-z0-9+.-]*://[^] \t\"'/:@[,]+:"
  AT_HOST = "^[A-Za-z0-9._:[-]+([],/?# \t\"']|$)"
  NEXT_USER = "^@[A-Za-z0-9._:[-]+,[^] \t\"'/:@[,]+:"
  inpem = 0
}
NR == 1 && cap + 0 > 0 {
  kept = 0
  if ((getline kept < winfile) > 0 && kept + 0 > cap + 0) { bin += length($0) + 1; next }
}
{
  bin += length($0) + 1
  if (off) { print; bout += length($0) + 1; next }
  line = $0
  if (inpem) {
    # inside a private key block: drop base64 lines (after the BEGIN line's log prefix, when a key
    # is logged one line per record) up to the END marker; anything else, or PEM_MAX lines, ends it
    lead = ""; body = line
    if (pemp != "" && index(body, pemp) == 1) { lead = pemp; body = substr(body, length(pemp) + 1) }
    if (match(body, PEM_E)) {
      if (substr(body, 1, RSTART - 1) ~ /[^ \t]/) pemn++
      pemnote(lead)
      line = lead substr(body, RSTART)
      print line; bout += length(line) + 1
      next
    }
    if (pemn < PEM_MAX && (body ~ /^[ \t]*[A-Za-z0-9+\/=]+[ \t]*$/ || body ~ /^(Proc-Type|DEK-Info): / || body ~ /^[ \t]*$/)) { pemn++; next }
    pemnote(lead)
  }
  if (line ~ PEM_B) {
    done = ""
    while (match(line, PEM_B)) {
      pre = substr(line, 1, RSTART - 1)
      done = done substr(line, 1, RSTART + RLENGTH - 1)
      line = substr(line, RSTART + RLENGTH)
      if (match(line, PEM_E)) {
        done = done R substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
        cnt["private-key"]++
      } else if (line ~ /^[ \t]*([A-Za-z0-9+\/=]|\\n|\\r)*[ \t"',]*$/) {
        # the marker ends the line (or starts a cut key): what follows is the key
        print done; bout += length(done) + 1
        cnt["private-key"]++
        inpem = 1; pemn = (line ~ /[A-Za-z0-9]/) ? 1 : 0; pemp = (pre ~ /[^ \t]/) ? pre : ""
        break
      }
      # else: the marker is only mentioned in the text; keep the line
    }
    if (inpem) next
    line = done line
  }
  if (line ~ /:\/\//) line = urlcred(line)
  if (line ~ kw) {
    line = rule(line, INI_FULL, INI_PRE, 0, 1, "config-line")
    line = rule(line, TAB_FULL, TAB_PRE, 0, 1, "table-row")
    line = rule(line, CLI_K "[^ \t\"']+", "^" CLI_K, 0, 1, "cli-option")
    line = rule(line, K SEP VAL, "^" K SEP, 0, 1, "key-value")
  }
  if (line ~ BEARER) line = rule(line, BEARER "[A-Za-z0-9._~+/=-]+", "^" BEARER, 0, 8, "bearer")
  if (index(line, "gAAAAA")) line = rule(line, "gAAAAA[A-Za-z0-9_=-]+", "", 0, 22, "keystone-token")
  if (index(line, "sshpass")) line = rule(line, "sshpass[ \t]+-p[ \t]*[^ \t\"']+", "^sshpass[ \t]+-p[ \t]*", 0, 1, "cli-option")
  if (index(line, "mysql") && index(line, " -p")) line = rule(line, "mysql(dump|admin)?[ \t].*[ \t]-p[^ \t\"']+", "^mysql(dump|admin)?[ \t].*[ \t]-p", 0, 1, "cli-option")
  if (index(line, "AKIA") || index(line, "ASIA")) line = rule(line, "(AKIA|ASIA)[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]", "", 0, 20, "access-key-id")
  if (index(line, "eyJ")) line = rule(line, "eyJ[A-Za-z0-9_-]+[.][A-Za-z0-9_-]+[.][A-Za-z0-9_-]+", "", 0, 30, "jwt")
  if (index(line, "AQ")) line = rule(line, "AQ[A-Za-z0-9+/]+==", "", 0, 40, "ceph-key")
  print line
  bout += length(line) + 1
}
END {
  if (inpem) pemnote("")
  if (cntfile != "") {
    for (k in cnt) printf "%s %d\n", k, cnt[k] >> cntfile
    close(cntfile)
  }
  if (outcnt != "") { printf "%d %d\n", bin, bout > outcnt; close(outcnt) }
}
AWK_EOF

# Window cut: keeps lines whose leading timestamp is within [lo, hi] ("YYYY-MM-DD HH:MM:SS"),
# lines without a timestamp follow the line before them. Writes to cnt the byte counts
# "<kept> <read>", then a line "<lines read> | <lines kept> | <first> | <last timestamp of
# the source> | <first> | <last timestamp kept>" (what the manifest and the terminal report).
read -r -d '' AWK_WINDOW <<'AWK_EOF'
BEGIN { keep = 1; n = 0; r = 0; li = 0; lk = 0; sf = ""; sl = ""; kf = ""; kl = "" }
{
  r += length($0) + 1
  li++
  if ($0 ~ /^[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9][ T][0-2][0-9]:[0-5][0-9]:[0-6][0-9]/) {
    ts = substr($0, 1, 10) " " substr($0, 12, 8)
    if (sf == "") sf = ts
    sl = ts
    keep = (ts >= lo && ts <= hi)
    if (keep) { if (kf == "") kf = ts; kl = ts }
  }
  if (keep) { print; n += length($0) + 1; lk++ }
}
END { printf "%d %d\n%d|%d|%s|%s|%s|%s\n", n, r, li, lk, sf, sl, kf, kl > cnt; close(cnt) }
AWK_EOF

# JSON flattener (when neither jq nor python3 is there): prints "<path>\t<value>" per scalar,
# path like /volumes_attached/0/id; tabs and newlines in values become spaces.
read -r -d '' AWK_JSON <<'AWK_EOF'
function ws() { while (pos <= n && index(" \t\n\r", substr(s, pos, 1))) pos++ }
function clean(v) { gsub(/[\t\n\r]/, " ", v); return v }
function str(    out, c, h, start) {
  pos++; out = ""
  while (pos <= n) {
    c = substr(s, pos, 1)
    if (c == "\"") { pos++; return out }
    if (c == "\\") {
      c = substr(s, pos + 1, 1); pos += 2
      if (c == "n") out = out "\n"
      else if (c == "t") out = out "\t"
      else if (c == "r") out = out "\r"
      else if (c == "b" || c == "f") out = out " "
      else if (c == "u") {
        h = tolower(substr(s, pos, 4)); pos += 4
        if (h ~ /^00[2-7][0-9a-f]$/) out = out sprintf("%c", hexv(substr(h, 3, 2))); else out = out "?"
      } else out = out c
      continue
    }
    start = pos
    while (pos <= n) { c = substr(s, pos, 1); if (c == "\"" || c == "\\") break; pos++ }
    out = out substr(s, start, pos - start)
  }
  bad = 1; return out
}
function hexv(h,   i, v) { v = 0; for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return v }
function val(p,    c, k, i, start) {
  if (bad) return
  ws(); if (pos > n) { bad = 1; return }
  c = substr(s, pos, 1)
  if (c == "{") {
    pos++; ws()
    if (substr(s, pos, 1) == "}") { pos++; return }
    while (!bad) {
      ws(); if (substr(s, pos, 1) != "\"") { bad = 1; return }
      k = str(); ws()
      if (substr(s, pos, 1) != ":") { bad = 1; return }
      pos++; val(p "/" k); ws()
      c = substr(s, pos, 1); pos++
      if (c == "}") return
      if (c != ",") { bad = 1; return }
    }
    return
  }
  if (c == "[") {
    pos++; ws()
    if (substr(s, pos, 1) == "]") { pos++; return }
    i = 0
    while (!bad) {
      val(p "/" i); i++; ws()
      c = substr(s, pos, 1); pos++
      if (c == "]") return
      if (c != ",") { bad = 1; return }
    }
    return
  }
  if (c == "\"") { k = str(); print p "\t" clean(k); return }
  start = pos
  while (pos <= n && index(",]} \t\n\r", substr(s, pos, 1)) == 0) pos++
  if (pos == start) { bad = 1; return }
  print p "\t" substr(s, start, pos - start)
}
{ s = s $0 "\n" }
END { n = length(s); pos = 1; bad = 0; val("") }
AWK_EOF

# Host-name / IP obfuscation: -v mapfile=<real TAB pseudonym per line, longest first>,
# -v pathmode=1 for file paths ("_" and "." are then boundaries).
read -r -d '' AWK_OBF <<'AWK_EOF'
function qre(s,   i, c, r) {
  r = ""
  for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); if (c ~ /[A-Za-z0-9_-]/) r = r c; else r = r "[" c "]" }
  return r
}
function okb(c) { return c == "" || c !~ BRE }
function oka(c, c2) {
  if (c == "") return 1
  if (c ~ ARE) return 0
  if (!pathmode && c == "." && c2 ~ /[A-Za-z0-9_-]/) return 0
  return 1
}
BEGIN {
  nk = 0
  while ((getline l < mapfile) > 0) {
    t = index(l, "\t"); if (t < 2) continue
    nk++; KEYS[nk] = substr(l, 1, t - 1); VALS[nk] = substr(l, t + 1)
  }
  close(mapfile)
  alt = ""
  for (i = 1; i <= nk; i++) alt = alt (i > 1 ? "|" : "") qre(KEYS[i])
  if (pathmode) { BRE = "[A-Za-z0-9-]"; ARE = "[A-Za-z0-9-]" } else { BRE = "[A-Za-z0-9_.-]"; ARE = "[A-Za-z0-9_-]" }
}
{
  line = $0
  if (nk == 0 || line !~ alt) { print line; next }
  for (i = 1; i <= nk; i++) {
    k = KEYS[i]; L = length(k)
    if (!index(line, k)) continue
    out = ""; rest = line
    while ((p = index(rest, k)) > 0) {
      b = (p > 1) ? substr(rest, p - 1, 1) : ((out == "") ? "" : substr(out, length(out), 1))
      a = substr(rest, p + L, 1); a2 = substr(rest, p + L + 1, 1)
      if (okb(b) && oka(a, a2)) out = out substr(rest, 1, p - 1) "\001" i "\002"
      else out = out substr(rest, 1, p + L - 1)
      rest = substr(rest, p + L)
    }
    line = out rest
  }
  out = ""
  while (match(line, /\001[0-9]+\002/)) {
    out = out substr(line, 1, RSTART - 1) VALS[substr(line, RSTART + 1, RLENGTH - 2) + 0]
    line = substr(line, RSTART + RLENGTH)
  }
  print out line
}
AWK_EOF

# ---------------------------------------------------------------------------------------------
# Redaction / filters
# ---------------------------------------------------------------------------------------------
# stdin -> stdout through the output filter (redaction unless --no-redact)
redact_filter() {
  LC_ALL=C awk -v off=$((1 - REDACT)) -v cntfile="$RED_COUNTS" "$AWK_FILTER"
}

# Start, in the background, the reader of the command output ($FIFO) that writes bundle file $4.
# $1: plain | log   $2: 1 to gzip   $3: prefix of the count files. Sets FPID.
start_filter() {
  local off=$((1 - REDACT))
  if [[ $1 == log ]]; then
    if (($2)); then
      LC_ALL=C awk -v lo="$WIN_LO" -v hi="$WIN_HI" -v cnt="$3.win" "$AWK_WINDOW" <"$FIFO" |
        tail -c "$LOG_CAP" |
        LC_ALL=C awk -v off="$off" -v cntfile="$RED_COUNTS" -v cap="$LOG_CAP" -v winfile="$3.win" -v outcnt="$3.out" "$AWK_FILTER" |
        gzip -c >"$4" &
    else
      LC_ALL=C awk -v lo="$WIN_LO" -v hi="$WIN_HI" -v cnt="$3.win" "$AWK_WINDOW" <"$FIFO" |
        tail -c "$LOG_CAP" |
        LC_ALL=C awk -v off="$off" -v cntfile="$RED_COUNTS" -v cap="$LOG_CAP" -v winfile="$3.win" -v outcnt="$3.out" "$AWK_FILTER" >"$4" &
    fi
  elif (($2)); then
    LC_ALL=C awk -v off="$off" -v cntfile="$RED_COUNTS" -v outcnt="$3.out" "$AWK_FILTER" <"$FIFO" | gzip -c >"$4" &
  else
    LC_ALL=C awk -v off="$off" -v cntfile="$RED_COUNTS" -v outcnt="$3.out" "$AWK_FILTER" <"$FIFO" >"$4" &
  fi
  FPID=$!
}

# ---------------------------------------------------------------------------------------------
# Running commands
# ---------------------------------------------------------------------------------------------
bash_timeout() {
  local t=$1 marker="$WORK/timeout.$BASHPID"
  shift
  rm -f "$marker"
  (
    exec 5>&2 2>/dev/null
    set -m
    "$@" 2>&5 5>&- &
    pid=$!
    (
      sleep "$t"
      : >"$marker"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
      sleep 2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    ) </dev/null >/dev/null 2>&1 &
    watcher=$!
    wait "$pid"
    rc=$?
    kill -- "-$watcher" 2>/dev/null || kill "$watcher" 2>/dev/null
    if [[ -e $marker ]]; then
      rm -f "$marker"
      exit 124
    fi
    exit "$rc"
  )
}
with_timeout() {
  local t=$1
  shift
  if [[ $TIMEOUT_IMPL == coreutils ]]; then
    timeout -k 2 "$t" "$@"
  else
    bash_timeout "$t" "$@"
  fi
}

CMD_N=0
NREC=0
declare -a C_FILE C_ARGV C_RC C_MS C_TO C_ERR C_OK C_BYTES
declare -a F_PATH F_SRC F_BYTES F_TRUNC F_SRCBYTES F_WIN F_COV F_ERR
FAILED=0
LAST_RC=0
LAST_WRITTEN=0
LAST_READ=0
LAST_TRUNC=false
LAST_ERR=""
LAST_BYTES=0
LAST_KEPT=0
LAST_WINLINE=""

# run_cmd [-o "ok codes"] [-m] [-l] [-z] [-F] FILE -- argv...
#   FILE is relative to the bundle root; -m: stderr goes into FILE too; -l: window cut and
#   size cap (logs); -z: gzip FILE; -F: a node file read (recorded in "commands" only on
#   failure). stdout is redacted on its way to FILE, stderr on its way to the manifest.
run_cmd() {
  local ok="0" merge=0 kind=plain gz=0 fileread=0
  while (($#)); do
    case $1 in
      -o) ok=$2; shift 2 ;;
      -m) merge=1; shift ;;
      -l) kind=log; shift ;;
      -z) gz=1; shift ;;
      -F) fileread=1; shift ;;
      *) break ;;
    esac
  done
  local rel=$1
  shift
  [[ ${1:-} == -- ]] && shift
  local dest="$BUNDLE_ROOT/$rel" start end rc err="" timedout=false cntf="$WORK/count.$CMD_N"
  [[ -d ${dest%/*} ]] || mkdir -p -- "${dest%/*}"
  now_ms
  start=$NOW_MS
  LAST_WRITTEN=0
  if ! have "$1"; then
    rc=127
    err="collect.sh: $1: command not found (not installed or not on PATH)"
  elif [[ ! -p $FIFO ]] && ! mkfifo -- "$FIFO"; then
    rc=126
    err="collect.sh: could not create a pipe in $WORK"
  else
    start_filter "$kind" "$gz" "$cntf" "$dest"
    LAST_WRITTEN=1
    # the usual case runs `timeout` directly (one process less than through a function)
    if [[ $TIMEOUT_IMPL == coreutils ]]; then
      if ((merge)); then
        timeout -k 2 "$CMD_TIMEOUT" "$@" </dev/null >"$FIFO" 2>&1
        rc=$?
      else
        err=$(timeout -k 2 "$CMD_TIMEOUT" "$@" </dev/null 2>&1 >"$FIFO")
        rc=$?
      fi
    elif ((merge)); then
      bash_timeout "$CMD_TIMEOUT" "$@" </dev/null >"$FIFO" 2>&1
      rc=$?
    else
      err=$(bash_timeout "$CMD_TIMEOUT" "$@" </dev/null 2>&1 >"$FIFO")
      rc=$?
    fi
    if ! wait "$FPID"; then
      err="collect.sh: the output filter failed; nothing of this output was kept${err:+ ($err)}"
      rc=125
      : >"$dest"
    fi
  fi
  now_ms
  end=$NOW_MS
  if ((rc == 124 || rc == 137)) && ((end - start >= ${CMD_TIMEOUT%.*} * 1000)); then
    timedout=true
  fi
  [[ $timedout == true && -z $err ]] && err="collect.sh: killed after ${CMD_TIMEOUT}s (--cmd-timeout)"
  if [[ -n $err ]]; then
    ((${#err} > 4000)) && err="${err:0:4000}... [cut by collect.sh]"
    err=$(LC_ALL=C awk -v off=$((1 - REDACT)) -v cntfile="$RED_COUNTS" "$AWK_FILTER" <<<"$err")
  fi
  local isok=false
  in_list "$rc" "$ok" && [[ $timedout == false ]] && isok=true
  # byte counts: "<kept> <read>" from the window cut, "<in> <out>" from the output filter
  local kept=0 read_=0 fin=0 fout=0
  LAST_WINLINE=""
  if [[ -s $cntf.win ]]; then
    { read -r kept read_ && IFS= read -r LAST_WINLINE; } <"$cntf.win"
  fi
  LAST_KEPT=$kept
  [[ -s $cntf.out ]] && read -r fin fout <"$cntf.out"
  [[ $kind == log ]] || read_=$fin
  LAST_READ=$read_
  LAST_TRUNC=false
  [[ $kind == log ]] && ((kept > LOG_CAP)) && LAST_TRUNC=true
  local bytes=$fout
  if ((LAST_WRITTEN)) && [[ $isok == false ]] && ((fout == 0)); then
    # a failed command with no output leaves no file (its stderr is in the manifest)
    rm -f -- "$dest"
    LAST_WRITTEN=0
  elif ((LAST_WRITTEN && gz)); then
    file_size "$dest"
    bytes=$FSIZE
  fi
  # stderr went into the file: on failure the manifest gets the start of it
  if ((merge)) && [[ $isok == false && -z $err && -s $dest ]] && ((!gz)); then
    err=$(head -c 2000 -- "$dest")
  fi
  LAST_RC=$rc
  LAST_ERR=$err
  LAST_BYTES=$bytes
  local label="$*"
  if [[ $isok == false ]]; then
    FAILED=$((FAILED + 1))
    if ((rc == 127)); then
      say "  MISSING  $label"
    elif [[ $timedout == true ]]; then
      say "  TIMEOUT  $label (after ${CMD_TIMEOUT}s)"
    else
      say "  FAILED   $label (exit $rc${err:+: ${err%%$'\n'*}})"
    fi
  else
    say "  ok       $label ($((end - start)) ms)"
  fi
  if ((fileread)) && [[ $isok == true ]]; then
    CMD_N=$((CMD_N + 1))
    check_interrupt
    return 0
  fi
  NREC=$((NREC + 1))
  C_FILE[CMD_N]=$rel
  json_arr "$@"
  C_ARGV[CMD_N]=$REPLY
  C_RC[CMD_N]=$rc
  C_MS[CMD_N]=$((end - start))
  C_TO[CMD_N]=$timedout
  C_ERR[CMD_N]=$err
  C_OK[CMD_N]=$isok
  C_BYTES[CMD_N]=$bytes
  CMD_N=$((CMD_N + 1))
  check_interrupt
  [[ $isok == true ]]
}

# record a collected node / pod file in the manifest "files"
add_file() { # rel source srcbytes kind(log|whole) [error]
  local i=${#F_PATH[@]}
  F_PATH[i]=$1
  F_SRC[i]=$2
  F_SRCBYTES[i]=$3
  F_WIN[i]=false
  F_COV[i]=""
  F_ERR[i]=${5:-}
  F_BYTES[i]=0
  [[ -e $BUNDLE_ROOT/$1 ]] && F_BYTES[i]=$LAST_BYTES
  F_TRUNC[i]=$LAST_TRUNC
  [[ $4 == log && -n $LAST_WINLINE && -z ${5:-} ]] || return 0
  # the period the kept lines cover, and what the window cut left of the source
  local li lk sf sl kf kl a b
  IFS='|' read -r li lk sf sl kf kl <<<"$LAST_WINLINE"
  if [[ $LAST_TRUNC == true && -e $BUNDLE_ROOT/$1 ]]; then
    # the size cap dropped the oldest kept lines: read the first time and the count from the file
    if [[ $1 == *.gz ]]; then
      kf=$(gzip -dc -- "$BUNDLE_ROOT/$1" 2>/dev/null | first_stamp)
      lk=$(gzip -dc -- "$BUNDLE_ROOT/$1" 2>/dev/null | wc -l)
    else
      kf=$(first_stamp <"$BUNDLE_ROOT/$1")
      lk=$(wc -l <"$BUNDLE_ROOT/$1")
    fi
    lk=${lk//[!0-9]/}
  fi
  json_or_null "$kf"
  a=$REPLY
  json_or_null "$kl"
  b=$REPLY
  F_COV[i]=", \"lines\": ${lk:-0}, \"firstTime\": $a, \"lastTime\": $b"
  if ((WINDOWED)); then
    json_or_null "$sf"
    a=$REPLY
    json_or_null "$sl"
    b=$REPLY
    F_WIN[i]="{\"linesBefore\": ${li:-0}, \"linesAfter\": ${lk:-0}, \"sourceFirst\": $a, \"sourceLast\": $b}"
  fi
  LOG_LINES=${lk:-0} LOG_FIRST=$kf LOG_LAST=$kl SRC_LINES=${li:-0} SRC_FIRST=$sf SRC_LAST=$sl
}
json_or_null() { # JSON string of $1, or null when empty, in REPLY
  if [[ -n $1 ]]; then json_esc "$1"; else REPLY=null; fi
}
# first leading timestamp of stdin, as "YYYY-MM-DD HH:MM:SS"
first_stamp() {
  cgrep -m 1 -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}' | sed 's/T/ /'
}

INTERRUPTED=0
on_signal() { INTERRUPTED=1; }
check_interrupt() {
  if ((INTERRUPTED)); then
    say "collect.sh: interrupted, writing what was collected so far"
    finish
  fi
}

# ---------------------------------------------------------------------------------------------
# JSON reading (jq, else python3, else awk): everything goes through "<path>\t<value>" lines
# ---------------------------------------------------------------------------------------------
pick_json_backend() {
  case $JSON_BACKEND in
    jq | python | awk) ;;
    *)
      if have jq; then
        JSON_BACKEND="jq"
      elif have python3; then
        JSON_BACKEND="python"
      else
        JSON_BACKEND="awk"
      fi
      ;;
  esac
}
# flatten a bundle file (relative path) to stdout
flatten() {
  local f="$BUNDLE_ROOT/$1"
  [[ -s $f ]] || return 0
  case $JSON_BACKEND in
    jq)
      jq -r 'paths(type != "array" and type != "object") as $p
        | "/" + ($p | map(tostring) | join("/")) + "\t"
          + (getpath($p) | if type == "string" then . else tojson end | gsub("[\t\n\r]"; " "))' \
        "$f" 2>/dev/null
      ;;
    python)
      PYTHONIOENCODING=utf-8 python3 -c '
import json, re, sys
def walk(p, v):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(p + "/" + str(k), x)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(p + "/" + str(i), x)
    else:
        s = v if isinstance(v, str) else json.dumps(v)
        sys.stdout.write(p + "\t" + re.sub(r"[\t\n\r]", " ", s) + "\n")
try:
    with open(sys.argv[1], encoding="utf-8", errors="replace") as fh:
        walk("", json.load(fh))
except Exception:
    pass
' "$f"
      ;;
    *) cawk "$AWK_JSON" "$f" ;;
  esac
}
# values whose path matches the ERE $2 (anchored), from flattened text in file $1
fvals() {
  [[ -s $1 ]] || return 0
  cawk -F '\t' -v re="^($2)\$" '$1 ~ re { v = substr($0, length($1) + 2); if (v != "" && v != "null") print v }' "$1"
}

# ---------------------------------------------------------------------------------------------
# Sets (ordered, without duplicates) and host names to obfuscate
# ---------------------------------------------------------------------------------------------
declare -A SEEN
set_add() { # set value
  [[ -n $2 ]] || return 0
  [[ -n ${SEEN["$1|$2"]:-} ]] && return 0
  SEEN["$1|$2"]=1
  eval "$1+=(\"\$2\")"
}
declare -a S_COMPUTES S_NODES S_VOLUMES S_FLAVORS S_NAMES S_REQS S_PEERS S_STORAGE
hostish() { # prints the host part of a host-like value, or nothing
  local v=${1%%@*}
  v=${v%%#*}
  v=${v%%:*}
  [[ -z $v || $v == None || $v == null || ${#v} -lt 2 ]] && return 0
  is_uuid "$v" && return 0
  is_ipv4 "$v" && return 0
  [[ $v =~ ^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$ ]] || return 0
  [[ $v =~ ^[0-9.]+$ ]] && return 0
  printf '%s\n' "$v"
}
add_name() {
  local h
  h=$(hostish "$1")
  [[ -n $h ]] && set_add S_NAMES "$h"
  return 0
}

# ---------------------------------------------------------------------------------------------
# mgmt mode
# ---------------------------------------------------------------------------------------------
os_json() { # file openstack-args... (adds -f json)
  local rel=$1
  shift
  run_cmd "$rel" -- openstack "$@" -f json
}

collect_mgmt() {
  local vm rel flat v src dst req action start line
  local newest_mig=0 sugg_src="" sugg_dst=""
  for vm in "${VMS[@]}"; do
    say "VM $vm"
    # 1. server
    rel="commands/openstack_server_show_$vm.json"
    os_json "$rel" server show "$vm"
    flat="$WORK/server_$vm.flat"
    flatten "$rel" >"$flat"
    while IFS= read -r v; do set_add S_COMPUTES "$v"; add_name "$v"; done < <(fvals "$flat" '/OS-EXT-SRV-ATTR:host')
    while IFS= read -r v; do set_add S_NODES "$v"; add_name "$v"; done < <(fvals "$flat" '/OS-EXT-SRV-ATTR:hypervisor_hostname')
    [[ -z $sugg_src ]] && sugg_src=$(fvals "$flat" '/OS-EXT-SRV-ATTR:host' | head -n 1)
    v=$(fvals "$flat" '/flavor/original_name' | head -n 1)
    [[ -z $v ]] && v=$(fvals "$flat" '/flavor/id' | head -n 1)
    [[ -z $v ]] && v=$(fvals "$flat" '/flavor/name' | head -n 1)
    if [[ -z $v ]]; then # old client: "m1.tiny (1)"
      v=$(fvals "$flat" '/flavor' | head -n 1)
      [[ $v =~ \(([^()]+)\)$ ]] && v=${BASH_REMATCH[1]}
    fi
    set_add S_FLAVORS "$v"
    while IFS= read -r v; do set_add S_VOLUMES "$v"; done < <(fvals "$flat" '/volumes_attached(/[0-9]+/id)?' | cgrep -oE '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')

    # 2. migrations (newest first)
    rel="commands/openstack_server_migration_list_$vm.json"
    os_json "$rel" server migration list --server "$vm"
    flat="$WORK/migrations_$vm.flat"
    flatten "$rel" >"$flat"
    while IFS= read -r v; do set_add S_COMPUTES "$v"; add_name "$v"; done < <(fvals "$flat" '/[0-9]+/(Source Compute|Dest Compute)')
    while IFS= read -r v; do set_add S_NODES "$v"; add_name "$v"; done < <(fvals "$flat" '/[0-9]+/(Source Node|Dest Node)')
    src=$(fvals "$flat" '/0/Source Compute' | head -n 1)
    dst=$(fvals "$flat" '/0/Dest Compute' | head -n 1)
    [[ -n $src && $src != None ]] && sugg_src=$src
    [[ -n $dst && $dst != None ]] && sugg_dst=$dst

    # 3. actions and their events
    rel="commands/openstack_server_event_list_$vm.json"
    os_json "$rel" server event list "$vm"
    flat="$WORK/events_$vm.flat"
    flatten "$rel" >"$flat"
    local -a chosen=() others=()
    while IFS=$'\t' read -r req action start; do
      [[ $req == req-* ]] || continue
      if in_list "$action" "$MIGRATION_ACTIONS"; then
        chosen+=("$req")
        v=$(parse_time "${start%%.*}")
        [[ -n $v ]] && ((v > newest_mig)) && newest_mig=$v
      else
        others+=("$req")
      fi
    done < <(cawk -F '\t' '
        $1 ~ /^\/[0-9]+\/(Request ID|Action|Start Time)$/ {
          split($1, p, "/"); i = p[2] + 0; k = p[3]; v = substr($0, length($1) + 2)
          if (k == "Request ID") r[i] = v; else if (k == "Action") a[i] = v; else t[i] = v
          if (i > m) m = i; seen = 1
        }
        END { if (seen) for (i = 0; i <= m; i++) print r[i] "\t" a[i] "\t" t[i] }' "$flat")
    ((${#chosen[@]} == 0)) && chosen=("${others[@]:0:3}")
    local n=0
    for req in "${chosen[@]}"; do
      ((n++ >= MAX_EVENT_SHOWS)) && break
      set_add S_REQS "$req"
      rel="commands/openstack_server_event_show_${vm}_$(slug "$req").json"
      os_json "$rel" server event show "$vm" "$req"
      if ((OBFUSCATE)); then
        flat="$WORK/event_${vm}_$n.flat"
        flatten "$rel" >"$flat"
        while IFS= read -r v; do add_name "$v"; done < <(fvals "$flat" '/events/[0-9]+/host')
      fi
    done

    # 4. ports
    rel="commands/openstack_port_list_$vm.json"
    os_json "$rel" port list --server "$vm" --long
    flat="$WORK/ports_$vm.flat"
    flatten "$rel" >"$flat"
    n=0
    while IFS= read -r v; do
      ((n++ >= MAX_PORTS)) && break
      rel="commands/openstack_port_show_$(slug "$v").json"
      os_json "$rel" port show "$v"
      if ((OBFUSCATE)); then
        flatten "$rel" >"$WORK/port.flat"
        while IFS= read -r line; do add_name "$line"; done < <(fvals "$WORK/port.flat" '/binding_host_id')
      fi
    done < <(fvals "$flat" '/[0-9]+/ID')
  done

  # 5. volumes and flavors
  local n=0
  for v in "${S_VOLUMES[@]}"; do
    ((n++ >= MAX_VOLUMES)) && break
    rel="commands/openstack_volume_show_$(slug "$v").json"
    os_json "$rel" volume show "$v"
    flatten "$rel" >"$WORK/volume.flat"
    while IFS= read -r line; do
      add_name "$line"
      line=$(hostish "$line")
      [[ -n $line ]] && set_add S_STORAGE "$line"
    done < <(fvals "$WORK/volume.flat" '/os-vol-host-attr:host')
    while IFS= read -r line; do add_name "$line"; done < <(fvals "$WORK/volume.flat" '/attachments/[0-9]+/host_name')
  done
  for v in "${S_FLAVORS[@]}"; do
    os_json "commands/openstack_flavor_show_$(slug "$v").json" flavor show "$v"
  done

  # 6. services, agents, capacity, zones, aggregates
  say "Services and capacity"
  os_json commands/openstack_compute_service_list.json compute service list
  os_json commands/openstack_volume_service_list.json volume service list
  os_json commands/openstack_network_agent_list.json network agent list
  os_json commands/openstack_hypervisor_stats_show.json hypervisor stats show
  os_json commands/openstack_hypervisor_list.json hypervisor list --long
  os_json commands/openstack_availability_zone_list.json availability zone list --long
  if ((OBFUSCATE)); then # host names for the pseudonyms
    local pair
    for pair in compute_service_list:Host volume_service_list:Host network_agent_list:Host \
      hypervisor_list:"Hypervisor Hostname" availability_zone_list:"Host Name"; do
      flatten "commands/openstack_${pair%%:*}.json" >"$WORK/list.flat"
      while IFS= read -r v; do add_name "$v"; done < <(fvals "$WORK/list.flat" "/[0-9]+/${pair#*:}")
    done
  fi
  os_json commands/openstack_aggregate_list.json aggregate list --long
  flatten commands/openstack_aggregate_list.json >"$WORK/agg.flat"
  local involved=" " c
  for c in "${S_COMPUTES[@]}" "${S_NODES[@]}"; do
    [[ -n $c && $c != None ]] && involved+="$c ${c%%.*} "
  done
  n=0
  local name hosts
  while IFS=$'\t' read -r name hosts; do
    [[ -n $name ]] || continue
    local hit=0 h
    if [[ $involved == " " ]]; then
      hit=1
    else
      for h in ${hosts//,/ }; do
        in_list "$h" "$involved" && hit=1
        in_list "${h%%.*}" "$involved" && hit=1
      done
    fi
    for h in ${hosts//,/ }; do add_name "$h"; done
    ((hit)) || continue
    ((n++ >= MAX_AGGREGATES)) && break
    os_json "commands/openstack_aggregate_show_$(slug "$name").json" aggregate show "$name"
  done < <(cawk -F '\t' '
      $1 ~ /^\/[0-9]+\/(Name|Hosts)(\/[0-9]+)?$/ {
        split($1, p, "/"); i = p[2] + 0; v = substr($0, length($1) + 2)
        if (p[3] == "Name") nm[i] = v
        else { gsub(/[ \t]/, "", v); hs[i] = (hs[i] == "" ? v : hs[i] "," v) }
        if (i > m) m = i; seen = 1
      }
      END { if (seen) for (i = 0; i <= m; i++) print nm[i] "\t" hs[i] }' "$WORK/agg.flat")

  # 7. hypervisors of the hosts involved (node names, else compute host names)
  local -a hvs=()
  for v in "${S_NODES[@]}"; do [[ $v != None ]] && hvs+=("$v"); done
  if ((${#hvs[@]} == 0)); then
    for v in "${S_COMPUTES[@]}"; do [[ $v != None ]] && hvs+=("$v"); done
  fi
  n=0
  for v in "${hvs[@]}"; do
    ((n++ >= MAX_HYPERVISORS)) && break
    os_json "commands/openstack_hypervisor_show_$(slug "$v").json" hypervisor show "$v"
  done

  # window: without --since, reach back to 1 h before the newest migration action
  if [[ -z $SINCE_ARG ]] && ((newest_mig > 0 && newest_mig - 3600 < SINCE_EPOCH)); then
    set_window $((newest_mig - 3600)) "$UNTIL_EPOCH"
    say "Window widened to the migration: $SINCE_ISO .. $UNTIL_ISO"
  fi

  # 8. management plane pods (Self-Hosted)
  if [[ -n $NAMESPACE ]]; then
    collect_pods
  elif have kubectl; then
    say "kubectl is installed: with --namespace <region> the management pod logs are collected too"
  fi

  SUGG_SRC=$sugg_src
  SUGG_DST=$sugg_dst
}

collect_pods() {
  say "Management plane pods (namespace $NAMESPACE)"
  local rel=commands/kubectl_get_pods.txt d p
  run_cmd "$rel" -- kubectl get pods -o wide -n "$NAMESPACE"
  local -a pods=()
  if [[ -s $BUNDLE_ROOT/$rel ]]; then
    mapfile -t pods < <(cawk 'NR > 1 && $1 != "" { print $1 }' "$BUNDLE_ROOT/$rel")
    while IFS= read -r p; do add_name "$p"; done < <(cawk 'NR > 1 && NF >= 7 && $7 != "<none>" { print $7 }' "$BUNDLE_ROOT/$rel")
  fi
  for d in "${MGMT_DEPLOYMENTS_REQUIRED[@]}" "${MGMT_DEPLOYMENTS_OPTIONAL[@]}"; do
    local -a dp=()
    for p in "${pods[@]}"; do
      [[ $p =~ ^$d-[a-z0-9]+-[a-z0-9]+$ ]] && dp+=("$p")
    done
    if ((${#dp[@]} > 1)); then
      for p in "${dp[@]}"; do
        pod_log "logs/$(slug "$p").log" "$p"
      done
    elif ((${#dp[@]} == 1)) || in_list "$d" "${MGMT_DEPLOYMENTS_REQUIRED[*]}"; then
      # one pod, or a required deployment not in the list (its failure is recorded)
      pod_log "logs/$d.log" "deployment/$d"
    else
      say "  skip     kubectl logs deployment/$d (no such pod in $NAMESPACE)"
    fi
  done
}
pod_log() { # rel target
  run_cmd -l "$1" -- kubectl logs "$2" -n "$NAMESPACE" --since-time="$SINCE_ISO"
  ((LAST_WRITTEN)) && add_file "$1" "kubectl logs $2 -n $NAMESPACE" "$LAST_READ" log
  return 0
}

# ---------------------------------------------------------------------------------------------
# host mode
# ---------------------------------------------------------------------------------------------
declare -a NOT_FOUND SKIPPED CUT_EMPTY
HISTORY_DAYS=30
node_file() { # node-path kind(log|config)
  local np=$1 kind=$2 src="$ROOT_PREFIX$1" rel="$DREL${1#/}" akind=whole
  local -a flags=(-F)
  [[ $kind == log ]] && { flags+=(-l); akind=log; }
  local -a reader=(cat -- "$src")
  [[ $np == *.gz ]] && { flags+=(-z); reader=(gzip -dc -- "$src"); }
  LOG_CAP=$CAP_BYTES
  ((HISTORY)) && LOG_CAP=$FAMILY_LEFT
  LAST_WINLINE=""
  if run_cmd "${flags[@]}" "$rel" -- "${reader[@]}"; then
    add_file "$rel" "$np" "$LAST_READ" "$akind"
    [[ $kind == log ]] && log_period "$np"
  else
    add_file "$rel" "$np" "$LAST_READ" "$akind" "${LAST_ERR:-exit $LAST_RC}"
  fi
  if [[ $kind == log ]] && ((HISTORY)); then
    if ((LAST_KEPT > LOG_CAP)); then FAMILY_LEFT=0; else FAMILY_LEFT=$((FAMILY_LEFT - LAST_KEPT)); fi
  fi
  return 0
}
# on the terminal: the period a collected log covers, or why it holds nothing
log_period() { # node-path
  [[ -n $LAST_WINLINE ]] || return 0
  if ((SRC_LINES == 0)); then
    say "           $1: empty"
  elif ((LOG_LINES == 0)); then
    CUT_EMPTY+=("$1")
    local covers="the file has no dated line"
    [[ -n $SRC_FIRST ]] && covers="the file covers $SRC_FIRST to $SRC_LAST"
    # said even with -q: an empty log is what makes a bundle useless
    printf '%s\n' "  ${1##*/}: no line between $WIN_LO and $WIN_HI; $covers" >&2
  elif [[ -n $LOG_FIRST ]]; then
    say "           $1: $LOG_FIRST to $LOG_LAST ($LOG_LINES lines$([[ $LAST_TRUNC == true ]] && printf ', the older part left out by --max-log-mb'))"
  else
    say "           $1: $LOG_LINES lines, none dated"
  fi
}
rotations() { # node-path: rotated siblings, newest first
  local f
  for f in "$ROOT_PREFIX$1".[0-9]* "$ROOT_PREFIX$1"-[0-9]*; do
    [[ -f $f ]] && printf '%s\t%s\n' "$(file_mtime "$f")" "${f#"$ROOT_PREFIX"}"
  done | sort -t "$(printf '\t')" -k1,1nr | cut -f2-
}
node_log_if_recent() { # node-path
  local m
  m=$(file_mtime "$ROOT_PREFIX$1")
  if ((HISTORY)); then
    if ((m > 0 && m < UNTIL_EPOCH - HISTORY_DAYS * 86400)); then
      SKIPPED+=("$1|last modified $(iso_utc "$m"), more than $HISTORY_DAYS days before the collection (give --since to take it)")
      return 0
    fi
    if ((FAMILY_LEFT <= 0)); then
      SKIPPED+=("$1|the newer files of this log used its --max-log-mb $MAX_LOG_MB MiB")
      return 0
    fi
  elif ((m > 0 && m < SINCE_EPOCH)); then
    SKIPPED+=("$1|last modified $(iso_utc "$m"), before the window")
    return 0
  fi
  node_file "$1" log
}
# The names nova knows this node by. NOVA_HOST: the compute host, nova's [DEFAULT] host option
# (Platform9 keeps its nova configuration in /opt/pf9/etc/nova/conf.d; the default is the host
# name). NOVA_NODE: the hypervisor host name, which nova's libvirt driver takes from libvirt
# (`virsh -r hostname`), else the node named by nova's own "Final resource view: name=..." line
# in ostackhost.log when it is this node (short or fully qualified, any case).
nova_names() {
  local f v
  NOVA_HOST=""
  NOVA_NODE=""
  NOVA_NODE_FROM=""
  local -a confs=()
  for f in "$ROOT_PREFIX"/etc/nova/nova.conf "$ROOT_PREFIX"/etc/nova/nova.conf.d/*.conf "$ROOT_PREFIX"/opt/pf9/etc/nova/nova.conf "$ROOT_PREFIX"/opt/pf9/etc/nova/conf.d/*.conf; do
    [[ -f $f && -r $f ]] && confs+=("$f")
  done
  if ((${#confs[@]})); then
    # the last file that sets it wins, as with oslo.config
    NOVA_HOST=$(cawk '
      FNR == 1 { sec = "" }
      /^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
      sec == "DEFAULT" && /^[ \t]*host[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v); if (v != "") h = v }
      END { print h }' "${confs[@]}" 2>/dev/null)
    [[ $NOVA_HOST =~ ^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$ ]] || NOVA_HOST=""
  fi
  if have virsh; then
    v=$(with_timeout "$CMD_TIMEOUT" virsh -r hostname </dev/null 2>/dev/null | head -n 1)
    v=${v//[[:space:]]/}
    if [[ $v =~ ^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$ ]]; then
      NOVA_NODE=$v
      NOVA_NODE_FROM="virsh -r hostname"
    fi
  fi
  if [[ -z $NOVA_NODE && -r $ROOT_PREFIX/var/log/pf9/ostackhost.log ]]; then
    v=$(tail -c 50000000 -- "$ROOT_PREFIX/var/log/pf9/ostackhost.log" 2>/dev/null | cgrep -oE 'Final resource view: name=[A-Za-z0-9._-]+' | tail -n 1)
    v=${v#*name=}
    if [[ -n $v ]] && same_node "$v" "$UNAME_N"; then
      NOVA_NODE=$v
      NOVA_NODE_FROM="ostackhost.log"
    fi
  fi
}
# true when two host names name the same node: equal short names, any case
same_node() {
  local a=${1,,} b=${2,,}
  [[ -n $a && -n $b && ${a%%.*} == "${b%%.*}" ]]
}

collect_host() {
  local u f base rel
  say "Services"
  for u in "${HOST_UNITS[@]}"; do
    run_cmd -m -o "0 3 4" "${DREL}commands/systemctl_status_$u.txt" -- systemctl status --no-pager --full --lines=50 "$u"
  done
  say "Node state"
  run_cmd "${DREL}commands/virsh_capabilities.xml" -- virsh -r capabilities
  run_cmd "${DREL}commands/lscpu.txt" -- lscpu
  run_cmd "${DREL}commands/ss_-tlnp.txt" -- ss -tlnp
  run_cmd "${DREL}commands/free_-m.txt" -- free -m
  run_cmd "${DREL}commands/df_-h.txt" -- df -h
  run_cmd -m -o "0 21" "${DREL}commands/iscsiadm_-m_session.txt" -- iscsiadm -m session
  run_cmd -m "${DREL}commands/multipath_-ll.txt" -- multipath -ll

  say "TLS certificates"
  local -a certs=("${HOST_CERTS[@]}")
  for f in "$ROOT_PREFIX$QEMU_CERT_DIR"/*.pem; do
    [[ -f $f && ${f##*/} != *key* ]] && certs+=("${f#"$ROOT_PREFIX"}")
  done
  if [[ -r $ROOT_PREFIX/etc/libvirt/libvirtd.conf ]]; then
    while IFS= read -r f; do certs+=("$f"); done < <(sed -nE 's/^[[:space:]]*(ca_file|cert_file)[[:space:]]*=[[:space:]]*"([^"]*)".*/\2/p' "$ROOT_PREFIX/etc/libvirt/libvirtd.conf")
  fi
  certs+=("${EXTRA_CERTS[@]}")
  local -A used=()
  local ca="" c
  for c in "${certs[@]}"; do
    [[ -n $c && -z ${used["p:$c"]:-} ]] || continue
    used["p:$c"]=1
    if [[ ! -e $ROOT_PREFIX$c ]]; then
      NOT_FOUND+=("$c")
      continue
    fi
    base=${c##*/}
    base=$(slug "${base%.pem}")
    if [[ -n ${used["b:$base"]:-} ]]; then
      f=${c%/*}
      base="$(slug "${f##*/}")-$base"
    fi
    used["b:$base"]=1
    run_cmd "${DREL}commands/openssl_x509_$base.txt" -- openssl x509 -noout -subject -issuer -dates -ext subjectAltName -in "$ROOT_PREFIX$c"
    [[ $c == */CA/cacert.pem ]] && ca=$c
  done
  if [[ -n $ca ]]; then
    for c in /etc/pki/libvirt/servercert.pem /etc/pki/libvirt/clientcert.pem; do
      [[ -e $ROOT_PREFIX$c ]] || continue
      base=${c##*/}
      run_cmd -m -o "0 1 2" "${DREL}commands/openssl_verify_${base%.pem}.txt" -- openssl verify -CAfile "$ROOT_PREFIX$ca" "$ROOT_PREFIX$c"
    done
  fi

  if ((HISTORY)); then
    say "Logs ($WIN_DESC; newest file first, at most $MAX_LOG_MB MiB per log with its rotated files)"
  else
    say "Logs ($WIN_DESC, at most $MAX_LOG_MB MiB each)"
  fi
  for f in "${HOST_LOGS[@]}"; do
    FAMILY_LEFT=$CAP_BYTES
    if [[ -e $ROOT_PREFIX$f ]]; then
      node_file "$f" log
    else
      NOT_FOUND+=("$f")
    fi
    while IFS= read -r rel; do node_log_if_recent "$rel"; done < <(rotations "$f")
  done
  if [[ -d $ROOT_PREFIX$QEMU_LOG_DIR ]]; then
    # one family per instance log: <name>.log and its rotated files
    local -a qbases=()
    for f in "$ROOT_PREFIX$QEMU_LOG_DIR"/*.log "$ROOT_PREFIX$QEMU_LOG_DIR"/*.log.[0-9]* "$ROOT_PREFIX$QEMU_LOG_DIR"/*.log-[0-9]*; do
      [[ -f $f ]] || continue
      f=${f#"$ROOT_PREFIX"}
      set_add qbases "${f%.log*}.log"
    done
    for f in "${qbases[@]}"; do
      FAMILY_LEFT=$CAP_BYTES
      [[ -f $ROOT_PREFIX$f ]] && node_log_if_recent "$f"
      while IFS= read -r rel; do node_log_if_recent "$rel"; done < <(rotations "$f")
    done
  else
    NOT_FOUND+=("$QEMU_LOG_DIR/")
  fi
  say "Configuration"
  for f in "${HOST_CONFIGS[@]}"; do
    if [[ -e $ROOT_PREFIX$f ]]; then
      node_file "$f" config
    else
      NOT_FOUND+=("$f")
    fi
  done

  # peers: --peer, and the destinations of qemu+tls:// URIs in ostackhost.log
  local p
  for p in "${PEERS[@]}"; do set_add S_PEERS "$p"; done
  while IFS= read -r p; do
    p=${p#qemu+tls://}
    p=${p%/}
    p=${p%%:*}
    p=${p#[}
    p=${p%]}
    set_add S_PEERS "$p"
  done < <(
    for f in "$BUNDLE_ROOT/$DREL"var/log/pf9/ostackhost.log*; do
      [[ -f $f ]] || continue
      if [[ $f == *.gz ]]; then gzip -dc "$f" 2>/dev/null; else cat "$f"; fi
    done | cgrep -oE 'qemu\+tls://[^/ '"'"'"]+/' | sort -u
  )
  say "Peers' libvirt TLS port 16514"
  for p in "${S_PEERS[@]}"; do
    [[ $p == "<redacted>" ]] && continue
    same_node "$p" "$HOST_NAME" || same_node "$p" "$UNAME_N" || same_node "$p" "${NOVA_NODE:-}" && continue
    port_check "$p"
  done
}

port_check() {
  local peer=$1 rel nwait=5 out state detail t=${CMD_TIMEOUT%.*}
  rel="${DREL}commands/port_16514_$(slug "$peer").txt"
  ((${t:-0} < 6)) && nwait=$((${t:-0} > 1 ? t - 1 : 1))
  local -a argv
  if have nc; then
    argv=(nc -z -v -w "$nwait" "$peer" 16514)
  else
    # shellcheck disable=SC2016
    argv=(bash -c 'exec 3<>"/dev/tcp/$0/$1" && echo "Connection to $0 $1 port [tcp/*] succeeded!"' "$peer" 16514)
  fi
  run_cmd -m -o "0 1" "$rel" -- "${argv[@]}"
  local rc=$LAST_RC
  out=""
  [[ -f $BUNDLE_ROOT/$rel ]] && out=$(cat "$BUNDLE_ROOT/$rel")
  detail=$(printf '%s\n' "$out" | sed -n '/[^[:space:]]/p' | tail -n 1)
  case $out in
    *succeeded* | *Connected\ to* | *\ open*) state=open ;;
    *[Rr]efused*) state=refused ;;
    *[Tt]imed\ out* | *[Tt]imeout*) state=timeout ;;
    *"not known"* | *"resolve"* | *"Unknown host"* | *"No address"*) state=unresolved ;;
    *"No route"* | *"unreachable"*) state=unreachable ;;
    *) if ((rc == 124)); then state=timeout; elif ((rc == 0)); then state=open; else state=error; fi ;;
  esac
  [[ -z $detail && $rc == 124 ]] && detail="no answer within ${CMD_TIMEOUT}s"
  {
    printf '# collect.sh: reachability of the libvirt TLS port (TCP 16514) of %s, from this node\n' "$peer"
    printf '# command: %s (exit code %s)\n' "${argv[*]}" "$rc"
    [[ -n $out ]] && printf '%s\n' "$out"
    printf '%s\n' "$state"
  } >"$BUNDLE_ROOT/$rel.tmp"
  mv -f -- "$BUNDLE_ROOT/$rel.tmp" "$BUNDLE_ROOT/$rel"
  say "           -> port 16514 on $peer: $state"
}

# ---------------------------------------------------------------------------------------------
# Obfuscation of host names and IPv4 addresses
# ---------------------------------------------------------------------------------------------
all_text() { # every text of the bundle on stdout (gz decompressed)
  local f
  for f in "$BUNDLE_ROOT"/**; do
    [[ -f $f ]] || continue
    if [[ $f == *.gz ]]; then gzip -dc "$f" 2>/dev/null; else cat "$f"; fi
    echo
  done
}
pseudo_label() { printf 'host-%s' "$(sha_hex "$OBF_KEY:host:$1" 8)"; }
pseudo_name() { # lower-cased host name
  local n=$1 first rest
  first=${n%%.*}
  if [[ $n == *.* ]]; then
    rest=${n#*.}
    printf '%s.dom-%s' "$(pseudo_label "$first")" "$(sha_hex "$OBF_KEY:domain:$rest" 6)"
  else
    pseudo_label "$n"
  fi
}
pseudo_ip() {
  local h
  h=$(sha_hex "$OBF_KEY:ip:$1" 6)
  printf '10.%d.%d.%d' "0x${h:0:2}" "0x${h:2:2}" "0x${h:4:2}"
}
obf_key_id() { sha_hex "collect.sh-key-id:$OBF_KEY" 8; }

declare -A OBF_MAP
build_obf_map() {
  local text="$WORK/all.txt" n lower v
  all_text >"$text"
  [[ -z $HOSTNAME_ARG ]] && add_name "$UNAME_N"
  add_name "$HOST_NAME"
  for v in "${HOST_ALIASES[@]}"; do add_name "$v"; done
  # URL hosts
  while IFS= read -r v; do
    in_list "$v" "$PUBLIC_DOMAINS" && continue
    local skip=0 d
    for d in $PUBLIC_DOMAINS; do [[ $v == *".$d" ]] && skip=1; done
    [[ $v == localhost ]] && skip=1
    ((skip)) || add_name "$v"
  done < <(cgrep -oE '://([^/@[:space:]"'"'"']*@)?[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]' "$text" | sed 's|.*[/@]||' | sort -u)
  # names of /etc/hosts and certificates (host mode)
  if [[ -n $DREL && -f $BUNDLE_ROOT/${DREL}etc/hosts ]]; then
    while IFS= read -r v; do
      [[ $v == localhost* || $v == ip6-* || $v == *localdomain* ]] && continue
      add_name "$v"
    done < <(cawk '!/^[ \t]*#/ { for (i = 2; i <= NF; i++) { if ($i ~ /^#/) break; print $i } }' "$BUNDLE_ROOT/${DREL}etc/hosts")
  fi
  while IFS= read -r v; do
    v=${v#DNS:}
    v=${v#CN = }
    v=${v#CN=}
    add_name "$v"
  done < <(cgrep -ohE '(DNS:|CN ?= ?)[A-Za-z0-9][A-Za-z0-9.-]*' "$text" | sort -u)
  for v in "${S_PEERS[@]}"; do add_name "$v"; done
  # short names of the dotted ones, and dotted forms (FQDN) of the short ones
  local -a shorts=()
  for v in "${S_NAMES[@]}"; do
    [[ $v == *.* ]] && set_add S_NAMES "${v%%.*}"
  done
  for v in "${S_NAMES[@]}"; do [[ $v != *.* ]] && shorts+=("$v"); done
  if ((${#shorts[@]})); then
    local alt="" s
    for s in "${shorts[@]}"; do alt+="${alt:+|}${s//./\\.}"; done
    while IFS= read -r v; do
      v=${v#[^A-Za-z0-9]}
      [[ $v == *[A-Za-z0-9] ]] || v=${v%.*}
      add_name "$v"
    done < <(cgrep -ohE "(^|[^A-Za-z0-9_.-])($alt)\.[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*" "$text" | sort -u)
  fi
  # the mapping: names (as seen and lower-cased) and IPv4 addresses
  local map="$WORK/obf.map"
  : >"$map.tmp"
  for v in "${S_NAMES[@]}"; do
    lower=${v,,}
    n=$(pseudo_name "$lower")
    OBF_MAP[$v]=$n
    OBF_MAP[$lower]=$n
  done
  while IFS= read -r v; do
    v=${v#[^0-9]}
    local -a o=()
    IFS=. read -r -a o <<<"$v"
    ((${#o[@]} == 4)) || continue
    ((10#${o[0]} <= 255 && 10#${o[1]} <= 255 && 10#${o[2]} <= 255 && 10#${o[3]} <= 255)) || continue
    [[ $v == 0.* || $v == 127.* || $v == 255.* ]] && continue
    OBF_MAP[$v]=$(pseudo_ip "$v")
  done < <(cgrep -ohE '(^|[^0-9.])[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}' "$text" | sort -u)
  for v in "${!OBF_MAP[@]}"; do
    printf '%d\t%s\t%s\n' "${#v}" "$v" "${OBF_MAP[$v]}" >>"$map.tmp"
  done
  sort -t "$(printf '\t')" -k1,1nr -k2,2 "$map.tmp" | cut -f2- >"$map"
  rm -f "$map.tmp" "$text"
  OBF_MAPFILE=$map
}
obf_text() { cawk -v mapfile="$OBF_MAPFILE" -v pathmode=0 "$AWK_OBF"; }
obf_path() { printf '%s\n' "$1" | cawk -v mapfile="$OBF_MAPFILE" -v pathmode=1 "$AWK_OBF"; }

declare -A PATH_MAP
obfuscate_bundle() {
  say "Obfuscating host names and IPv4 addresses"
  build_obf_map
  local f rel new tmp
  for f in "$BUNDLE_ROOT"/**; do
    [[ -f $f ]] || continue
    tmp="$f.obf"
    if [[ $f == *.gz ]]; then
      gzip -dc "$f" | obf_text | gzip -c >"$tmp"
    else
      obf_text <"$f" >"$tmp"
    fi
    mv -f -- "$tmp" "$f"
  done
  for f in "$BUNDLE_ROOT"/**; do
    [[ -f $f ]] || continue
    rel=${f#"$BUNDLE_ROOT"/}
    new=$(obf_path "$rel")
    PATH_MAP[$rel]=$new
    if [[ $new != "$rel" ]]; then
      mkdir -p -- "$BUNDLE_ROOT/${new%/*}"
      mv -f -- "$f" "$BUNDLE_ROOT/$new"
    fi
  done
  # remove the directories left empty by the renames
  local d
  while IFS= read -r d; do rmdir -- "$d" 2>/dev/null; done < <(
    for d in "$BUNDLE_ROOT"/**/; do printf '%s\n' "${d%/}"; done | cawk '{ print length($0) "\t" $0 }' | sort -k1,1nr | cut -f2-
  )
}
mpath_r() { # manifest path of a bundle-relative path, in REPLY
  if ((OBFUSCATE)); then
    REPLY=$(mpath "$1")
  else
    REPLY=$1
  fi
}
mpath() { # manifest path of a bundle-relative path
  if ((OBFUSCATE)) && [[ -n ${PATH_MAP[$1]:-} ]]; then
    printf '%s' "${PATH_MAP[$1]}"
  elif ((OBFUSCATE)); then
    obf_path "$1" | tr -d '\n'
  else
    printf '%s' "$1"
  fi
}

# ---------------------------------------------------------------------------------------------
# Manifest, tarball
# ---------------------------------------------------------------------------------------------
write_manifest() { # file
  local i sep total=0 rules="" k c
  if [[ -s $RED_COUNTS ]]; then
    while read -r k c; do
      total=$((total + c))
    done <"$RED_COUNTS"
    rules=$(cawk '{ s[$1] += $2 } END { for (k in s) printf "%s\"%s\": %d", (n++ ? ", " : ""), k, s[k] }' "$RED_COUNTS")
  fi
  {
    printf '{\n'
    printf '  "format": %s,\n' "$(json_str "$BUNDLE_FORMAT")"
    printf '  "collector": {"name": "collect.sh", "version": %s},\n' "$(json_str "$COLLECT_VERSION")"
    printf '  "mode": %s,\n' "$(json_str "$MODE")"
    printf '  "createdAt": %s,\n' "$(json_str "$CREATED_ISO")"
    printf '  "host": %s,\n' "$(json_str "$HOST_NAME")"
    if [[ -n $REGION ]]; then printf '  "region": %s,\n' "$(json_str "$REGION")"; else printf '  "region": null,\n'; fi
    printf '  "vms": %s,\n' "$(json_arr_p "${VMS[@]}")"
    json_or_null "$SINCE_ISO"
    printf '  "window": {"since": %s, "until": %s},\n' "$REPLY" "$(json_str "$UNTIL_ISO")"
    if [[ $MODE == host ]]; then
      printf '  "hostAliases": %s,\n' "$(json_arr_p "${HOST_ALIASES[@]}")"
      printf '  "peers": %s,\n' "$(json_arr_p "${S_PEERS[@]}")"
    else
      printf '  "requestIds": %s,\n' "$(json_arr_p "${S_REQS[@]}")"
    fi
    printf '  "commands": [\n'
    sep=""
    local jf je js
    for ((i = 0; i < CMD_N; i++)); do
      [[ -n ${C_FILE[i]:-} ]] || continue
      mpath_r "${C_FILE[i]}"
      json_esc "$REPLY"
      jf=$REPLY
      json_esc "${C_ERR[i]}"
      je=$REPLY
      printf '%s    {"file": %s, "argv": %s, "exitCode": %s, "durationMs": %s, "timedOut": %s, "stderr": %s, "ok": %s, "bytes": %s}' \
        "$sep" "$jf" "${C_ARGV[i]}" "${C_RC[i]}" "${C_MS[i]}" "${C_TO[i]}" "$je" "${C_OK[i]}" "${C_BYTES[i]}"
      sep=$',\n'
    done
    printf '\n  ],\n'
    printf '  "files": [\n'
    sep=""
    for ((i = 0; i < ${#F_PATH[@]}; i++)); do
      mpath_r "${F_PATH[i]}"
      json_esc "$REPLY"
      jf=$REPLY
      json_esc "${F_SRC[i]}"
      js=$REPLY
      printf '%s    {"path": %s, "source": %s, "bytes": %s, "truncated": %s, "sourceBytes": %s, "cutToWindow": %s%s' \
        "$sep" "$jf" "$js" "${F_BYTES[i]}" "${F_TRUNC[i]}" "${F_SRCBYTES[i]:-0}" "${F_WIN[i]}" "${F_COV[i]}"
      if [[ -n ${F_ERR[i]} ]]; then
        json_esc "${F_ERR[i]}"
        printf ', "error": %s' "$REPLY"
      fi
      printf '}'
      sep=$',\n'
    done
    printf '\n  ],\n'
    if [[ $MODE == host ]]; then
      printf '  "notFound": %s,\n' "$(json_arr_p "${NOT_FOUND[@]}")"
      printf '  "skipped": ['
      sep=""
      for k in "${SKIPPED[@]}"; do
        printf '%s{"source": %s, "reason": %s}' "$sep" "$(json_str "${k%%|*}")" "$(json_str "${k#*|}")"
        sep=", "
      done
      printf '],\n'
    fi
    printf '  "limits": {"maxLogMb": %s, "cmdTimeoutSec": %s},\n' "$MAX_LOG_MB" "$CMD_TIMEOUT"
    if ((OBFUSCATE)); then
      printf '  "obfuscation": {"enabled": true, "keyId": %s},\n' "$(json_str "$(obf_key_id)")"
    else
      printf '  "obfuscation": {"enabled": false},\n'
    fi
    ((INTERRUPTED)) && printf '  "interrupted": true,\n'
    if ((REDACT)); then
      printf '  "redaction": {"enabled": true, "replacements": %s, "byRule": {%s}}\n' "$total" "$rules"
    else
      printf '  "redaction": {"enabled": false, "replacements": 0}\n'
    fi
    printf '}\n'
  } >"$1"
  if ((OBFUSCATE)); then
    obf_text <"$1" >"$1.obf" && mv -f -- "$1.obf" "$1"
  fi
}

FINISHING=0
finish() {
  ((FINISHING)) && return
  FINISHING=1
  trap '' INT TERM HUP
  if ((OBFUSCATE)); then
    obfuscate_bundle
    BUNDLE_NAME="migration-bundle-$MODE-$(pseudo_name "${HOST_NAME,,}")-$STAMP"
    mv -f -- "$BUNDLE_ROOT" "$STAGE/$BUNDLE_NAME"
    BUNDLE_ROOT="$STAGE/$BUNDLE_NAME"
    # the table of pseudonyms stays with the customer, next to the bundle, never in it
    OBF_MAP_OUT="$OUT_DIR/$BUNDLE_NAME.hostmap.tsv"
    {
      printf '# collect.sh host name / IP pseudonyms of %s (keep private: do not send)\n' "$BUNDLE_NAME"
      printf '# key id %s\n' "$(obf_key_id)"
      printf 'real\tpseudonym\n'
      cat "$OBF_MAPFILE"
    } >"$OBF_MAP_OUT"
  fi
  local mf="$BUNDLE_ROOT/manifest.json"
  [[ $MODE == host ]] && mf="$BUNDLE_ROOT/$(mpath "${DREL}manifest.json")"
  mkdir -p -- "${mf%/*}"
  write_manifest "$mf"
  local tarball="$OUT_DIR/$BUNDLE_NAME.tar.gz"
  if ! tar -C "$STAGE" -czf "$tarball.part" "$BUNDLE_NAME"; then
    rm -f -- "$tarball.part"
    KEEP_STAGE=1
    die "could not write $tarball; what was collected is in $BUNDLE_ROOT" 1
  fi
  mv -f -- "$tarball.part" "$tarball"
  local size
  file_size "$tarball"
  size=$FSIZE
  local abs="$tarball"
  say ""
  say "$NREC commands recorded, $FAILED failed, timed out or missing (see manifest.json)."
  if ((REDACT)); then
    say "Secrets redacted: $(cawk '{ s += $2 } END { print s + 0 }' "$RED_COUNTS" 2>/dev/null) replacements."
  else
    warn "--no-redact: passwords, tokens and keys were NOT removed from this bundle"
  fi
  if ((OBFUSCATE)); then
    say "Host names and IPs replaced; the table of pseudonyms (keep it, do not send it): $OBF_MAP_OUT"
    if ((OBF_KEY_GENERATED)); then
      say "Obfuscation key (give the same to every other collect.sh run of this case):"
      say "    --obfuscate-key $OBF_KEY"
    fi
  fi
  if ((${#CUT_EMPTY[@]})); then
    warn "${#CUT_EMPTY[@]} log(s) hold no line of the window $WIN_DESC (listed above). If the migration failed outside it, run collect.sh host again with the --since/--until that collect.sh mgmt printed, or with no --since to take the whole logs."
  fi
  if [[ $MODE == mgmt ]] && [[ -n ${SUGG_SRC:-}${SUGG_DST:-} ]]; then
    say ""
    say "Next, on the compute nodes of the migration (and the storage node), run:"
    local okey=""
    ((OBFUSCATE)) && okey=" --obfuscate-hosts --obfuscate-key <same key>"
    [[ -n ${SUGG_SRC:-} ]] && say "  on $SUGG_SRC (source):      sudo bash collect.sh host --since $SINCE_ISO --until $UNTIL_ISO${SUGG_DST:+ --peer $SUGG_DST}$okey"
    [[ -n ${SUGG_DST:-} ]] && say "  on $SUGG_DST (destination): sudo bash collect.sh host --since $SINCE_ISO --until $UNTIL_ISO${SUGG_SRC:+ --peer $SUGG_SRC}$okey"
    local s
    for s in "${S_STORAGE[@]}"; do
      [[ $s == "${SUGG_SRC:-}" || $s == "${SUGG_DST:-}" ]] && continue
      say "  on $s (storage):     sudo bash collect.sh host --since $SINCE_ISO --until $UNTIL_ISO$okey"
    done
  fi
  say ""
  printf 'Bundle: %s (%s)\n' "$abs" "$(human_size "$size")"
  if ((INTERRUPTED)); then
    exit 130
  elif ((FAILED > 0)); then
    exit 3
  fi
  exit 0
}

cleanup() {
  if [[ -n ${STAGE:-} && -d $STAGE && ${KEEP_STAGE:-0} == 0 ]]; then
    rm -rf -- "$STAGE"
  fi
}

set_window() { # since-epoch until-epoch
  SINCE_EPOCH=$1
  UNTIL_EPOCH=$2
  SINCE_ISO=$(iso_utc "$1")
  UNTIL_ISO=$(iso_utc "$2")
  local a b c d
  a=$(log_utc "$1")
  b=$(log_local "$1")
  c=$(log_utc "$2")
  d=$(log_local "$2")
  # log lines carry UTC or the node's local time: keep the union of both readings
  if [[ $a < $b ]]; then WIN_LO=$a; else WIN_LO=$b; fi
  if [[ $c > $d ]]; then WIN_HI=$c; else WIN_HI=$d; fi
  WIN_DESC="$SINCE_ISO .. $UNTIL_ISO"
  WINDOWED=1
  if ((HISTORY)); then
    # host mode without --since: whole files (a failure days old is still in them), cut only at
    # --until when it is given
    SINCE_ISO=""
    SINCE_EPOCH=0
    WIN_LO=""
    if [[ -z $UNTIL_ARG ]]; then
      WIN_HI="9999-12-31 23:59:59"
      WINDOWED=0
      WIN_DESC="whole logs, no --since"
    else
      WIN_DESC="everything up to $UNTIL_ISO, no --since"
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
need_arg() { [[ $# -ge 2 && -n $2 ]] || usage_error "$1 needs a value"; }
parse_args() {
  while (($#)); do
    case $1 in
      mgmt | host | redact)
        [[ -n $MODE ]] && usage_error "two modes given: $MODE and $1"
        MODE=$1
        ;;
      --vm) need_arg "$@"; VMS+=("$2"); shift ;;
      --vm=*) VMS+=("${1#*=}") ;;
      --namespace | -n) need_arg "$@"; NAMESPACE=$2; shift ;;
      --namespace=*) NAMESPACE=${1#*=} ;;
      --peer) need_arg "$@"; PEERS+=("$2"); shift ;;
      --peer=*) PEERS+=("${1#*=}") ;;
      --cert) need_arg "$@"; EXTRA_CERTS+=("$2"); shift ;;
      --cert=*) EXTRA_CERTS+=("${1#*=}") ;;
      --out | -o) need_arg "$@"; OUT_DIR=$2; shift ;;
      --out=*) OUT_DIR=${1#*=} ;;
      --since) need_arg "$@"; SINCE_ARG=$2; shift ;;
      --since=*) SINCE_ARG=${1#*=} ;;
      --until) need_arg "$@"; UNTIL_ARG=$2; shift ;;
      --until=*) UNTIL_ARG=${1#*=} ;;
      --max-log-mb) need_arg "$@"; MAX_LOG_MB=$2; shift ;;
      --max-log-mb=*) MAX_LOG_MB=${1#*=} ;;
      --root) need_arg "$@"; ROOT=$2; shift ;;
      --root=*) ROOT=${1#*=} ;;
      --cmd-timeout) need_arg "$@"; CMD_TIMEOUT=$2; shift ;;
      --cmd-timeout=*) CMD_TIMEOUT=${1#*=} ;;
      --hostname) need_arg "$@"; HOSTNAME_ARG=$2; shift ;;
      --hostname=*) HOSTNAME_ARG=${1#*=} ;;
      --no-redact) REDACT=0 ;;
      --obfuscate-hosts) OBFUSCATE=1 ;;
      --obfuscate-key) need_arg "$@"; OBF_KEY=$2; shift ;;
      --obfuscate-key=*) OBF_KEY=${1#*=} ;;
      -q | --quiet) QUIET=1 ;;
      -h | --help) usage; exit 0 ;;
      --version) printf 'collect.sh %s (bundle format %s)\n' "$COLLECT_VERSION" "$BUNDLE_FORMAT"; exit 0 ;;
      *) usage_error "unknown argument: $1" ;;
    esac
    shift
  done
}

main() {
  parse_args "$@"
  [[ -n $MODE ]] || usage_error "say which mode: mgmt, host or redact"
  if [[ $MODE == redact ]]; then
    have awk || die "awk is needed to redact" 1
    RED_COUNTS=$(mktemp 2>/dev/null || echo "/tmp/collect-redact.$$")
    : >"$RED_COUNTS"
    redact_filter
    local total
    total=$(cawk '{ s += $2 } END { print s + 0 }' "$RED_COUNTS")
    rm -f -- "$RED_COUNTS"
    printf 'collect.sh: %s replacements\n' "$total" >&2
    exit 0
  fi
  if ! [[ $MAX_LOG_MB =~ ^[0-9]+$ ]] || ((10#$MAX_LOG_MB == 0)); then
    usage_error "--max-log-mb needs a whole number of MiB above 0"
  fi
  [[ $CMD_TIMEOUT =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage_error "--cmd-timeout needs a number of seconds"
  CMD_TIMEOUT=$(awk -v t="$CMD_TIMEOUT" 'BEGIN { printf "%g", t + 0 }')
  [[ $CMD_TIMEOUT != 0 ]] || usage_error "--cmd-timeout must be above 0"
  MAX_LOG_MB=$((10#$MAX_LOG_MB))
  [[ -d $ROOT ]] || usage_error "--root $ROOT is not a directory"
  ROOT_PREFIX=${ROOT%/}
  if [[ $MODE == mgmt ]]; then
    ((${#VMS[@]})) || usage_error "mgmt mode needs --vm <instance uuid>"
    local v
    for v in "${VMS[@]}"; do
      is_uuid "$v" || usage_error "--vm $v is not an instance UUID (openstack server list --name <name> -c ID shows it)"
    done
    ((${#PEERS[@]} == 0)) || usage_error "--peer belongs to host mode"
  else
    ((${#VMS[@]} == 0)) || usage_error "--vm belongs to mgmt mode (host mode collects the node)"
    [[ -z $NAMESPACE ]] || usage_error "--namespace belongs to mgmt mode"
  fi
  if [[ -n $HOSTNAME_ARG ]]; then
    [[ $HOSTNAME_ARG =~ ^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$ ]] || usage_error "--hostname $HOSTNAME_ARG is not a host name"
  fi
  local now since until
  now=$(date -u +%s)
  until=$now
  if [[ -n $UNTIL_ARG ]]; then
    until=$(parse_time "$UNTIL_ARG") || until=""
    [[ -n $until ]] || usage_error "--until $UNTIL_ARG is not a time date(1) understands"
  fi
  since=$((until - 86400))
  HISTORY=0
  [[ $MODE == host && -z $SINCE_ARG ]] && HISTORY=1
  if [[ -n $SINCE_ARG ]]; then
    since=$(parse_time "$SINCE_ARG") || since=""
    [[ -n $since ]] || usage_error "--since $SINCE_ARG is not a time date(1) understands"
  fi
  ((since < until)) || usage_error "--since must be before --until"
  set_window "$since" "$until"
  for v in awk grep sed tar gzip sha256sum mkfifo; do
    have "$v" || die "$v is needed and was not found on PATH" 1
  done
  if [[ $TIMEOUT_IMPL == auto ]]; then
    if have timeout; then TIMEOUT_IMPL=coreutils; else TIMEOUT_IMPL=bash; fi
  fi
  pick_json_backend
  CAP_BYTES=$((MAX_LOG_MB * 1048576))
  LOG_CAP=$CAP_BYTES
  FAMILY_LEFT=$CAP_BYTES
  mkdir -p -- "$OUT_DIR" 2>/dev/null
  [[ -d $OUT_DIR && -w $OUT_DIR ]] || die "--out $OUT_DIR is not a writable directory" 1
  OUT_DIR=$(cd -- "$OUT_DIR" && pwd) || die "--out $OUT_DIR cannot be entered" 1
  if ((OBFUSCATE)) && [[ -z $OBF_KEY ]]; then
    OBF_KEY=$(head -c 32 /dev/urandom 2>/dev/null | sha256sum | cut -c1-32)
    [[ -n $OBF_KEY ]] || OBF_KEY=$(sha_hex "$RANDOM$RANDOM$$$(date +%s%N)" 32)
    OBF_KEY_GENERATED=1
  fi

  umask 077
  shopt -s nullglob globstar
  UNAME_N=$(uname -n 2>/dev/null)
  REGION=${NAMESPACE:-${OS_REGION_NAME:-}}
  [[ $MODE == host ]] && REGION=""
  CREATED_ISO=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  STAGE=$(mktemp -d "$OUT_DIR/.collect-$MODE.XXXXXX") || die "cannot create a work directory in $OUT_DIR" 1
  trap cleanup EXIT
  trap on_signal INT TERM HUP
  WORK="$STAGE/work"
  mkdir -p -- "$WORK"
  HOST_NAME=${HOSTNAME_ARG:-$UNAME_N}
  local name_from="uname -n"
  [[ -n $HOSTNAME_ARG ]] && name_from="--hostname"
  if [[ $MODE == host ]]; then
    nova_names
    # the bundle carries the name nova uses for this node, so that it joins the mgmt bundle
    if [[ -z $HOSTNAME_ARG ]]; then
      if [[ -n $NOVA_HOST ]] && ! is_uuid "$NOVA_HOST" && [[ -n $(hostish "$NOVA_HOST") ]]; then
        HOST_NAME=$NOVA_HOST
        name_from="nova's host option"
      elif [[ -n $NOVA_NODE ]]; then
        HOST_NAME=$NOVA_NODE
        name_from="nova's hypervisor host name ($NOVA_NODE_FROM)"
      fi
    fi
  fi
  [[ -n $HOST_NAME ]] || HOST_NAME=unknown-host
  BUNDLE_NAME="migration-bundle-$MODE-$(slug "$HOST_NAME")-$STAMP"
  BUNDLE_ROOT="$STAGE/$BUNDLE_NAME"
  mkdir -p -- "$BUNDLE_ROOT"
  RED_COUNTS="$WORK/redactions"
  FIFO="$WORK/fifo"
  : >"$RED_COUNTS"

  say "collect.sh $COLLECT_VERSION: $MODE bundle of $HOST_NAME, window $WIN_DESC"
  ((REDACT)) || warn "--no-redact given: passwords, tokens and keys will stay in the bundle"
  if [[ $MODE == mgmt ]]; then
    DREL=""
    have openstack || warn "the openstack client is not on PATH: its commands are recorded as missing"
    collect_mgmt
  else
    DREL="hosts/$HOST_NAME/"
    HOST_ALIASES=()
    say "Node name: $HOST_NAME (from $name_from)"
    local -a al=("$HOST_NAME" "${HOST_NAME%%.*}" "$NOVA_HOST" "$NOVA_NODE" "${NOVA_NODE%%.*}")
    [[ -z $HOSTNAME_ARG ]] && al+=("$UNAME_N" "${UNAME_N%%.*}")
    if [[ -r $ROOT_PREFIX/etc/pf9/host_id.conf ]]; then
      al+=("$(sed -nE 's/^[[:space:]]*host_id[[:space:]]*=[[:space:]]*([^[:space:]]*).*/\1/p' "$ROOT_PREFIX/etc/pf9/host_id.conf" | head -n 1)")
    fi
    # a node left with a generic name would join every other node that has it too
    for v in "${al[@]}"; do [[ ${v,,} == localhost* ]] || set_add HOST_ALIASES "$v"; done
    collect_host
  fi
  finish
}

# run unless sourced (the tests source it to reach single functions)
if [[ -z ${BASH_SOURCE[0]:-} || ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
