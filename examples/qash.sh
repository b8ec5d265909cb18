#!/usr/bin/env bash
# The Qash dialect end to end with curl: provision a partner, register and approve a user, get the user's
# token, open an account, deposit (and retry the deposit safely), then read the balance and the history.
#   BASE_URL=http://127.0.0.1:8787 examples/qash.sh     (needs curl and node; npm run dev must be running)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "Provision a partner (operator call; the secret is shown once)"
call 201 POST /admin/partners -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Example Qash partner"}'
KEY="$(field apiKey)"
SECRET="$(field apiSecret)"
PARTNER=(-H "X-Api-Key: $KEY" -H "X-Api-Secret: $SECRET" -H 'Content-Type: application/json')

step "Register a user: it starts pending"
call 201 POST /api/v1/partner/users "${PARTNER[@]}" \
  -d "{\"userType\":\"personal\",\"email\":\"ana.$RANDOM$RANDOM@example.com\",\"countryCode\":\"MX\"}"
USER_ID="$(field data.user.id)"
expect_field data.user.status pending

step "Approve the user (stands in for KYC; only active users transact)"
call 200 PATCH "/api/v1/partner/users/$USER_ID" "${PARTNER[@]}" -d '{"status":"active"}'
expect_field data.user.status active

step "Get the user's access token (one hour)"
call 200 POST /api/v1/partner/auth/token "${PARTNER[@]}" -d "{\"userId\":\"$USER_ID\"}"
USER=("${PARTNER[@]}" -H "Authorization: Bearer $(field accessToken)")

step "Open an MXN account"
call 201 POST /api/v1/user/accounts "${USER[@]}" -d '{"description":"Wallet","asset":"MXN"}'
ACCOUNT_ID="$(field id)"
expect_field balance 0

step "Deposit 1,000.00 MXN (100000 in minor units), with an Idempotency-Key"
KEY_HEADER=(-H "Idempotency-Key: example-topup-$ACCOUNT_ID")
DEPOSIT="{\"toAccountId\":$ACCOUNT_ID,\"amount\":100000,\"currency\":\"MXN\",\"provider\":\"irisbank\",\"description\":\"Top-up via IrisBank\"}"
call 200 POST /api/v1/user/deposit "${USER[@]}" "${KEY_HEADER[@]}" -d "$DEPOSIT"
expect_field status COMPLETED
TRANSACTION_ID="$(field id)"

step "Retry the same deposit: the first answer is replayed, no money moves again"
call 200 POST /api/v1/user/deposit "${USER[@]}" "${KEY_HEADER[@]}" -d "$DEPOSIT"
expect_field id "$TRANSACTION_ID"
[[ "$(header Idempotent-Replayed)" == "true" ]] || { echo "FAILED: the retry was not marked Idempotent-Replayed" >&2; exit 1; }

step "Read the balance: exact at the moment of the call"
call 200 GET "/api/v1/user/balance?page=1&limit=20" "${USER[@]}"
expect_field items.0.balance 100000

step "Read the account's history (projected to D1 within moments)"
for attempt in $(seq 1 20); do
  call 200 GET "/api/v1/user/transactions?accountId=$ACCOUNT_ID&limit=20&offset=0" "${USER[@]}"
  [[ "$(field total)" == "1" ]] && break
  [[ "$attempt" == 20 ]] && { echo "FAILED: the deposit never reached the history" >&2; exit 1; }
  sleep 0.5
done
expect_field items.0.id "$TRANSACTION_ID"

step "One transaction by id"
call 200 GET "/api/v1/user/transactions/$TRANSACTION_ID" "${USER[@]}"
expect_field amount 100000

printf '\nQash walkthrough passed against %s\n' "$BASE_URL"
