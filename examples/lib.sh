# Shared by the walkthroughs: a curl call that fails loudly on any unexpected status, and JSON reading with
# node (no jq needed). Source it; it sets BASE_URL, ADMIN_TOKEN, and BODY (the file with the last answer).

BASE_URL="${BASE_URL:-http://127.0.0.1:8787}"
BASE_URL="${BASE_URL%/}"
NODE="${NODE:-node}"
project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The operator token: $ADMIN_TOKEN, else the one `npm run dev` reads from .dev.vars.
if [[ -z "${ADMIN_TOKEN:-}" ]]; then
  if [[ ! -f "$project_root/.dev.vars" ]]; then
    echo "ADMIN_TOKEN is not set and $project_root/.dev.vars does not exist (npm run dev creates it)" >&2
    exit 1
  fi
  ADMIN_TOKEN="$(sed -n 's/^ADMIN_TOKEN=//p' "$project_root/.dev.vars" | tr -d '\r')"
fi

BODY="$(mktemp)"
HEADERS="$(mktemp)"
trap 'rm -f "$BODY" "$HEADERS"' EXIT

step() { printf '\n==> %s\n' "$*"; }

# call EXPECTED_STATUS METHOD PATH [curl arguments...]: prints the answer, keeps it in $BODY, and exits
# the script unless the status is the one expected.
call() {
  local expected="$1" method="$2" path="$3" status
  shift 3
  echo "$ $method $path"
  status="$(curl -sS -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" "$BASE_URL$path" "$@")" || {
    echo "FAILED: $method $path: curl could not reach $BASE_URL (is npm run dev running?)" >&2
    exit 1
  }
  cat "$BODY"
  echo
  if [[ "$status" != "$expected" ]]; then
    echo "FAILED: $method $path answered $status, expected $expected" >&2
    exit 1
  fi
}

# field PATH: one value of the last answer, by dotted path (data.user.id, 0.currency); strings bare, the rest as JSON.
field() {
  "$NODE" -e '
    const [path, file] = process.argv.slice(1);
    let value = JSON.parse(require("fs").readFileSync(file, "utf8"));
    for (const key of path.split(".")) value = value == null ? undefined : value[key];
    if (value === undefined) { console.error(`FAILED: the answer has no ${path}`); process.exit(1); }
    process.stdout.write(typeof value === "string" ? value : JSON.stringify(value));
  ' "$1" "$BODY"
}

# expect_field PATH VALUE: exits the script unless the last answer holds VALUE at PATH.
expect_field() {
  local actual
  actual="$(field "$1")"
  if [[ "$actual" != "$2" ]]; then
    echo "FAILED: expected $1 to be $2, got $actual" >&2
    exit 1
  fi
}

# header NAME: a header of the last answer, or nothing.
header() {
  sed -n "s/^$1: *//Ip" "$HEADERS" | tr -d '\r'
}
