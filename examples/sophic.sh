#!/usr/bin/env bash
# The Sophic dialect end to end with curl: provision a partner, get a client-credentials token, open an
# account, create a deposit advanced as unsettled cash, fund it by its payment reference, watch it complete
# in the cash balances and the history, and poll the events feed instead of waiting for webhooks.
#   BASE_URL=http://127.0.0.1:8787 examples/sophic.sh     (needs curl and node; npm run dev must be running)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "Provision a partner (operator call; the secret is shown once)"
call 201 POST /admin/partners -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Example Sophic partner"}'
CLIENT_ID="$(field apiKey)"
CLIENT_SECRET="$(field apiSecret)"

step "Get an access token (OAuth 2.0 client credentials, 15 minutes)"
call 200 POST /auth/token --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET"
expect_field token_type bearer
AUTH=(-H "Authorization: Bearer $(field access_token)" -H 'Content-Type: application/json')

step "Open a EUR account"
call 201 POST /accounts "${AUTH[@]}" -d '{"name":"Brokerage","base_currency":"EUR","funding_currencies":["EUR"]}'
ACCOUNT_ID="$(field id)"

step "Create a deposit of 100.00 EUR, advanced as unsettled cash until the money arrives"
call 201 POST "/accounts/$ACCOUNT_ID/deposits" "${AUTH[@]}" -H "Idempotency-Key: example-deposit-$ACCOUNT_ID" \
  -d '{"amount":"100.00","currency":"EUR","request_advance":true}'
DEPOSIT_ID="$(field id)"
REFERENCE="$(field payment_reference)"
expect_field status open
expect_field was_advanced true

step "Cash balances: tradable at once, not yet withdrawable"
call 200 GET "/accounts/$ACCOUNT_ID/cash-balances" "${AUTH[@]}"
expect_field 0.available_for_trading 100.00
expect_field 0.available_for_withdrawal 0.00

step "Report the bank transfer carrying the deposit's payment reference ($REFERENCE)"
call 201 POST /inbound-payments "${AUTH[@]}" -H "Idempotency-Key: example-payment-$REFERENCE" \
  -d "{\"payment_reference\":\"$REFERENCE\",\"amount\":\"100.00\",\"currency\":\"EUR\"}"
expect_field status matched
expect_field deposits "[\"$DEPOSIT_ID\"]"

step "The deposit is completed"
call 200 GET "/accounts/$ACCOUNT_ID/deposits/$DEPOSIT_ID" "${AUTH[@]}"
expect_field status completed

step "Cash balances: now settled, so withdrawable"
call 200 GET "/accounts/$ACCOUNT_ID/cash-balances" "${AUTH[@]}"
expect_field 0.available_for_withdrawal 100.00

step "The account's transactions (projected to D1 within moments)"
for attempt in $(seq 1 20); do
  call 200 GET "/accounts/$ACCOUNT_ID/transactions?limit=20" "${AUTH[@]}"
  [[ "$(field length)" -ge 1 ]] && break
  [[ "$attempt" == 20 ]] && { echo "FAILED: the funded deposit never reached the transactions" >&2; exit 1; }
  sleep 0.5
done
expect_field 0.cash_amount 100.00

step "Poll the events feed: GET /events?after=<last id seen>, oldest first, until the deposit's completion shows"
AFTER=0
SEEN=""
for attempt in $(seq 1 20); do
  call 200 GET "/events?after=$AFTER&limit=100" "${AUTH[@]}"
  # Remember the last id (the next poll's cursor) and this deposit's event names so far.
  read -r AFTER NAMES < <("$NODE" -e '
    const [file, after, depositId] = process.argv.slice(1);
    const events = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const last = events.length > 0 ? events[events.length - 1].id : after;
    const names = events.filter((event) => event.resource.id === depositId).map((event) => event.name);
    console.log(last, names.join(","));
  ' "$BODY" "$AFTER" "$DEPOSIT_ID")
  SEEN="$SEEN,${NAMES:-}"
  [[ "$SEEN" == *deposit.completed* ]] && break
  [[ "$attempt" == 20 ]] && { echo "FAILED: deposit.completed for $DEPOSIT_ID never appeared in the events feed" >&2; exit 1; }
  sleep 0.5
done
echo "events of deposit $DEPOSIT_ID: ${SEEN//,/ }"
[[ "$SEEN" == *deposit.created* ]] || { echo "FAILED: no deposit.created for $DEPOSIT_ID in the feed" >&2; exit 1; }

step "One event by id"
call 200 GET "/events/$AFTER" "${AUTH[@]}"

printf '\nSophic walkthrough passed against %s\n' "$BASE_URL"
