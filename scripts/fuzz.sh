#!/usr/bin/env bash
# API fuzz run over the OpenAPI document with schemathesis, with every one of its checks
# (`--checks all`). `npm test` runs it (test/fuzz.e2e.ts) with a budget that fits CI.
#
#   scripts/fuzz.sh            build if needed, fuzz, print the counts, exit 1 on any finding
#   scripts/fuzz.sh install    only install schemathesis (.ci/run does, before the tests)
#
# What it does: builds (when dist/ is missing or older than the sources), starts the all-in-one
# server on 127.0.0.1 with a fresh temporary data dir and a generated SETIA_ADMIN_KEY (rate limit
# raised so the fuzzer is not answered 429), creates tenant `fuzz`, an admin key and a pos key,
# sets the test program, enrols a member and posts a purchase, then runs `st run` against
# /docs/openapi.json in five passes, path parameter `tenant` fixed to `fuzz` (see below), each
# with a fresh key of its role:
#
#   1. pos key,   positive data   (tills post purchases, returns, redemptions, ...)  } every route
#   2. admin key, positive data   (program, keys, every read)                       } but 5.
#   3. pos key,   negative data   } the "refused requests" passes, every route
#   4. admin key, negative data   }
#   5. admin key, positive data, DELETE /keys/{keyId} only (it revokes keys, its own too)
#
# Positive passes run the examples, coverage, fuzzing and stateful phases; negative ones coverage
# and fuzzing (the examples phase sends the document's valid examples even in negative mode). A
# dictionary of known ids (alice, JKT-01, COFFEE, IDR) gets part of the cases past "unknown ...".
# Checks: `not_a_server_error` in every pass (plus `negative_data_rejection` in 3 and 4), and from
# schemathesis's HAR reports the number of requests tried and of 5xx answers per pass. A failed
# check fails the run; schemathesis's own runtime errors (hypothesis internals) are only noted.
#
# "No ledger change from refused requests": passes 3 and 4 send only requests that break the
# schema (wrong types, missing or extra fields, bad formats, ...), i.e. requests that must be
# refused. Before and after them we count the rows of SETIA_DATA_DIR/events.sqlite (every stream:
# ledgers, program, access) with better-sqlite3, and require the count unchanged — and, to be
# sure the count really is about refused requests, that no write (POST/PUT/DELETE) in those
# passes was answered 2xx. Counting is simpler and stricter than matching appended events to
# logged responses: anything at all appended during the negative passes fails the run. The
# positive passes (1, 2) are allowed to append; they are there to find 5xx on valid input.
#
# Environment: FUZZ_MAX_EXAMPLES (default 50 per operation and pass; about 2 minutes),
# FUZZ_DIST (the built JavaScript to run, default dist; test/fuzz.e2e.ts builds its own),
# FUZZ_PORT (default 3977), FUZZ_SEED (optional, for a reproducible run), FUZZ_KEEP=1 keeps the data dir and reports,
# FUZZ_BUILD=0 uses dist/ as it is.
# Needs python3 (schemathesis is installed into .servers/fuzz-venv on first use).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${FUZZ_PORT:-3977}"
max_examples="${FUZZ_MAX_EXAMPLES:-50}"
base="http://127.0.0.1:$port"
venv="$root/.servers/fuzz-venv"
work="$(mktemp -d "${TMPDIR:-/tmp}/setia-fuzz.XXXXXX")"
data="$work/data"
mkdir -p "$data"
server_pid=""

say() { echo "fuzz: $*" >&2; }

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${FUZZ_KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------
schemathesis_version=4.32.5
if [ ! -x "$venv/bin/st" ] || [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $schemathesis_version" ]; then
  say "installing schemathesis $schemathesis_version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$schemathesis_version"
fi
[ "${1:-}" = install ] && exit 0
dist="${FUZZ_DIST:-dist}"
main_js="$dist/apps/setia/src/main.js"
if [ "${FUZZ_BUILD:-auto}" != 0 ] && { [ ! -f "$main_js" ] || [ -n "$(find apps libs -name '*.ts' -newer "$main_js" -print -quit)" ]; }; then
  say "building"
  npm run build --silent >&2
fi

# --- server ----------------------------------------------------------------------------------
platform_key="setia_platform.$(openssl rand -hex 8)_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"
SETIA_DATA_DIR="$data" SETIA_ADMIN_KEY="$platform_key" PORT="$port" HOST=127.0.0.1 SETIA_RATE_LIMIT=1000000 \
  NODE_PATH="$root/node_modules" node "$main_js" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; say "server did not start"; exit 1; }
  sleep 0.2
done
curl -sf "$base/health" >/dev/null || { say "server not healthy"; exit 1; }
say "server on $base, data in $data"

# --- tenant, keys, program, data ---------------------------------------------------------------
call() { # method path key [body] -> body on stdout, fails on a non-2xx answer
  local method="$1" path="$2" key="$3" body="${4:-}"
  local args=(-sS -X "$method" "$base$path" -H "Authorization: Bearer $key" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H 'content-type: application/json' -d "$body")
  local out code
  out="$(curl "${args[@]}")"
  code="${out##*$'\n'}"
  out="${out%$'\n'*}"
  case "$code" in 2*) printf '%s' "$out" ;; *) say "$method $path -> $code $out"; return 1 ;; esac
}
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

# Receipts from 2000 on, so that generated purchase dates reach the program's other rules.
call POST /v1/tenants "$platform_key" '{"tenantId":"fuzz","receiptsSince":"2000-01-01T00:00:00Z"}' >/dev/null
admin_key="$(call POST /v1/tenants/fuzz/keys "$platform_key" '{"role":"admin"}' | json_field key)"
pos_key="$(call POST /v1/tenants/fuzz/keys "$admin_key" '{"role":"pos"}' | json_field key)"
# The sample program of the specs (libs/domain/src/testing/fixtures.ts), with the ids the dictionary knows.
program="$(node -e '
  const { sampleProgram } = require(require("path").resolve(process.argv[1], "libs/domain/src/testing/fixtures.js"));
  console.log(JSON.stringify(sampleProgram({
    stores: [{ storeId: "JKT-01", timeZone: "Asia/Jakarta" }, { storeId: "JAP-01", timeZone: "Asia/Jayapura" }],
    rewards: [{ rewardId: "COFFEE", points: 100 }, { rewardId: "TOTE-BAG", points: 500 }],
  })));' "$dist")"
call PUT /v1/tenants/fuzz/program "$admin_key" "$program" >/dev/null
call POST /v1/tenants/fuzz/members "$pos_key" '{"customerId":"alice","cardNumber":"6001 0001","birthday":"1990-04-17"}' >/dev/null
now="$(TZ=Asia/Jakarta date -d '-3 hours' +%Y-%m-%dT%H:%M:%S+07:00)"
call POST /v1/tenants/fuzz/purchases "$pos_key" "{
  \"receiptId\": \"R-1\", \"storeId\": \"JKT-01\", \"customerId\": \"alice\", \"occurredAt\": \"$now\",
  \"currency\": \"IDR\", \"total\": 1200000,
  \"lines\": [{\"sku\": \"KOPI\", \"category\": \"drinks\", \"quantity\": 4, \"unitPrice\": 300000}]}" >/dev/null
say "tenant fuzz ready: program, member alice, one purchase"

# --- fuzzing -----------------------------------------------------------------------------------
# The tenant is fixed by rewriting the document rather than by schemathesis's [parameters]
# override: an overridden parameter is still "negated" in negative mode and then replaced by the
# valid value, which turns such a case back into a valid request. Without the parameter every
# negative case breaks something that is really sent.
curl -sf "$base/docs/openapi.json" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
paths = {}
for path, ops in doc["paths"].items():
    for op in ops.values():
        if isinstance(op, dict) and "parameters" in op:
            op["parameters"] = [p for p in op["parameters"] if not (p.get("in") == "path" and p.get("name") == "tenant")]
    paths[path.replace("{tenant}", "fuzz")] = ops
doc["paths"] = paths
json.dump(doc, sys.stdout)
' >"$work/openapi.json"

# Known ids, so that part of the generated requests reach the business rules rather than stop
# at "unknown customer" or "unknown store" (each is used in 60% of the cases, else generated).
cat >"$work/schemathesis.toml" <<'TOML'
[dictionaries.customers]
values = ["alice", "bob"]
[dictionaries.stores]
values = ["JKT-01", "JAP-01"]
[dictionaries.rewards]
values = ["COFFEE", "TOTE-BAG"]
[dictionaries.currencies]
values = ["IDR"]

[parameters]
"path.customerId" = { dictionary = "customers", probability = 0.6 }
"body.customerId" = { dictionary = "customers", probability = 0.6 }
"body.storeId" = { dictionary = "stores", probability = 0.6 }
"query.storeId" = { dictionary = "stores", probability = 0.6 }
"body.rewardId" = { dictionary = "rewards", probability = 0.6 }
"body.currency" = { dictionary = "currencies", probability = 0.6 }

# A request the schema allows may still be refused by the program's rules or the ledger: an
# unknown customer (404), an id already used or points too short (409), a store not in the
# program or a total its lines do not add up to (422), a route the key's role may not use (403).
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "403", "404", "409", "422"]
TOML

event_count() {
  node -e 'const D=require("better-sqlite3");const db=new D(process.argv[1],{readonly:true,fileMustExist:true});
    console.log(db.prepare("select count(*) as n from events").get().n)' "$data/events.sqlite"
}

# har_stats file mode -> "requests fivexx accepted_writes"; prints the 5xx (and, in negative
# mode, the accepted writes) on stderr
har_stats() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
try:
    entries = json.load(open(sys.argv[1]))["log"]["entries"]
except FileNotFoundError:
    entries = []
total = len(entries)
fivexx = [e for e in entries if e["response"]["status"] >= 500]
writes = [e for e in entries if e["request"]["method"] in ("POST", "PUT", "PATCH", "DELETE") and 200 <= e["response"]["status"] < 300]
for e in fivexx:
    r = e["request"]
    print(f'  5xx: {r["method"]} {r["url"]} -> {e["response"]["status"]} {(r.get("postData") or {}).get("text", "")[:300]}', file=sys.stderr)
for e in writes if sys.argv[2] == "negative" else []:
    r = e["request"]
    print(f'  accepted write: {r["method"]} {r["url"]} -> {e["response"]["status"]} {(r.get("postData") or {}).get("text", "")[:300]}', file=sys.stderr)
print(total, len(fivexx), len(writes))
EOF
}

st_failures=0
st_errors=0
total_requests=0
total_5xx=0
summary=()
new_key() { call POST /v1/tenants/fuzz/keys "$platform_key" "{\"role\":\"$1\"}" | json_field key; }

run_pass() { # name key mode checks [st options...]
  local name="$1" key="$2" mode="$3" checks="$4"
  shift 4
  # The examples phase sends the document's examples as they are, valid, even in negative mode;
  # the stateful phase chains calls (links inferred from answers) with valid data.
  local phases=examples,coverage,fuzzing,stateful
  [ "$mode" = negative ] && phases=coverage,fuzzing
  local har="$work/$name.har"
  say "pass $name: mode $mode, up to $max_examples examples per operation"
  local seed_args=()
  [ -n "${FUZZ_SEED:-}" ] && seed_args=(--seed "$FUZZ_SEED")
  (cd "$work" && "$venv/bin/st" --config-file "$work/schemathesis.toml" run "$work/openapi.json" \
      --url "$base" \
      -H "Authorization: Bearer $key" \
      --mode "$mode" --checks "$checks" \
      --max-examples "$max_examples" --no-shrink --continue-on-failure \
      --phases "$phases" \
      --workers 1 --request-timeout 10 --no-color --warnings off \
      --report har --report-har-path "$har" "${seed_args[@]}" "$@") >"$work/$name.out" 2>&1 || true
  # "Failures:" are failed checks (a finding); "Errors:" are schemathesis's own runtime errors
  # (hypothesis has crashed inside its optimiser on long runs): reported, not a finding.
  if grep -q '^Failures:' "$work/$name.out"; then st_failures=$((st_failures + 1)); fi
  if grep -q '^Errors:' "$work/$name.out"; then st_errors=$((st_errors + 1)); fi
  # What it found, in full, then its summary.
  sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$work/$name.out" | { grep -v '^$' || true; } | cut -c1-400 >&2
  tail -n 25 "$work/$name.out" >&2
  read -r requests fivexx accepted < <(har_stats "$har" "$mode")
  total_requests=$((total_requests + requests))
  total_5xx=$((total_5xx + fivexx))
  summary+=("$name: $requests requests, $fivexx answered 5xx, $accepted writes accepted")
  last_accepted="$accepted"
}

# Each pass gets a key of its own: schemathesis reuses values it saw in answers, so it lists the
# keys and revokes them, its own included (the rest of that pass then gets 401). Revoking keys is
# therefore fuzzed with valid data only in a last pass of its own.
revoke=AccessController_revokeKey
run_pass pos-positive "$(new_key pos)" positive all --exclude-operation-id "$revoke"
run_pass admin-positive "$(new_key admin)" positive all --exclude-operation-id "$revoke"
# The keys of the negative passes are made before counting: creating them appends events.
pos_negative_key="$(new_key pos)"
admin_negative_key="$(new_key admin)"
sleep 1 # let process managers finish reacting to the positive passes
before="$(event_count)"
accepted_in_negative=0
# Forgetting a customer takes nothing but the ids in its path; in negative mode schemathesis's checks
# (a request without its key, then with it) send it with a known customer as it is, and the first
# erasure of that customer appends, rightly. It is fuzzed in the positive passes.
erase=CustomersController_erasePersonalData
run_pass pos-negative "$pos_negative_key" negative all --exclude-operation-id "$erase"
accepted_in_negative=$((accepted_in_negative + last_accepted))
run_pass admin-negative "$admin_negative_key" negative all --exclude-operation-id "$erase"
accepted_in_negative=$((accepted_in_negative + last_accepted))
sleep 1 # let process managers react, should anything have been appended
after="$(event_count)"
run_pass admin-revoke "$(new_key admin)" positive all --include-operation-id "$revoke"

# --- report ------------------------------------------------------------------------------------
echo
for line in "${summary[@]}"; do echo "$line"; done
echo "requests tried: $total_requests"
echo "5xx answers: $total_5xx"
echo "ledger events before the negative passes: $before, after: $after; writes accepted in them: $accepted_in_negative"
failed=0
[ "$total_5xx" -eq 0 ] || { echo "FAIL: server errors (see above)"; failed=1; }
[ "$before" -eq "$after" ] || { echo "FAIL: refused requests changed the event store"; failed=1; }
# A write answered 2xx in a negative pass is not a finding by itself: where schemathesis cannot
# break an operation's schema (DELETE …/personal-data has nothing to break but the path), it sends
# the request as it is. negative_data_rejection judges the requests that do break it, and the
# event count above shows nothing was appended.
[ "$accepted_in_negative" -eq 0 ] || echo "note: $accepted_in_negative write(s) in the negative passes were answered 2xx (see above); schemathesis judged them"
[ "$st_failures" -eq 0 ] || { echo "FAIL: schemathesis checks failed in $st_failures pass(es) (outputs kept with FUZZ_KEEP=1)"; failed=1; }
[ "$st_errors" -eq 0 ] || echo "note: schemathesis had runtime errors of its own in $st_errors pass(es), see its output"
[ "$failed" -eq 0 ] && echo "OK: no 5xx, no ledger change from refused requests"
exit "$failed"
