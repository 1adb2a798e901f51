# End-to-end: `himaya user ...` - accounts created, checked against the
# judicial map and the password policy, listed, changed, disabled; the
# TOTP secret shown once and usable by an authenticator (oathtool); the
# password stored only as an Argon2id hash; every change audited.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TEST_FAST_KDF=1 # the sanitized build's cheap Argon2 (src/app/auth.c)
export HIMAYA_ACTOR=root
db=$(new_db)
pw='a long pass phrase'

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
add() { printf '%s\n' "$pw" | himaya --db "$db" --lang en user add "$@"; }

# --- adding users ---
add alice --role court --court tpi-sale --password-stdin --json >"$TEST_DIR/alice.json" 2>"$ERR"
check "a court prosecutor is added" [ "$(pyjson "$TEST_DIR/alice.json" 'd["name"], d["role"], d["court"]')" = "alice court tpi-sale" ]
secret=$(pyjson "$TEST_DIR/alice.json" 'd["totp_secret"]')
check "the TOTP secret is 32 base32 characters" sh -c "echo '$secret' | grep -qE '^[A-Z2-7]{32}$'"
check "the otpauth URI names the user and the secret" [ "$(pyjson "$TEST_DIR/alice.json" 'd["otpauth_uri"]')" = \
	"otpauth://totp/Himaya:alice?secret=$secret&issuer=Himaya&algorithm=SHA1&digits=6&period=30" ]
check "an authenticator computes codes from the secret" sh -c "oathtool --totp -b '$secret' | grep -qE '^[0-9]{6}$'"

expect_out "text output shows the secret, the URI and a QR code" 'otpauth://totp/Himaya:bob' \
	add bob --role appeal --court ca-rabat --password-stdin
cp "$OUT" "$TEST_DIR/bob.txt"
check "the QR code is drawn with block characters" grep -q '█' "$TEST_DIR/bob.txt"
check "the secret is printed once, labelled" grep -q 'TOTP secret (shown once): [A-Z2-7]\{32\}' "$TEST_DIR/bob.txt"
expect "a police analyst with a body and a unit" 0 add carl --role police --body gr --unit "سرية الدرك بسلا" --password-stdin --no-qr
expect "a presidency analyst" 0 add dina --role presidency --password-stdin --no-qr
expect "an administrator" 0 add root --role admin --password-stdin --no-qr

# --- refusals ---
expect_err "a short password is refused" 1 'at least 12' sh -c "echo short | \"$HIMAYA\" --db '$db' --lang en user add eve --role admin --password-stdin"
expect_err "no password on stdin" 1 'no password' sh -c "printf '' | \"$HIMAYA\" --db '$db' user add eve --role admin --password-stdin"
expect_err "the password only from stdin" 2 'password-stdin' himaya --db "$db" user add eve --role admin
expect_err "appeal needs a Court of Appeal" 1 'Court of Appeal' add eve --role appeal --court tpi-sale --password-stdin
expect_err "court needs a First Instance Court" 1 'First Instance' add eve --role court --court ca-rabat --password-stdin
expect_err "an unknown court" 1 "tpi-atlantis" add eve --role court --court tpi-atlantis --password-stdin
expect_err "court role without a court" 1 'needs --court' add eve --role court --password-stdin
expect_err "presidency has no court" 1 'has no court' add eve --role presidency --court tpi-sale --password-stdin
expect_err "police needs a unit" 1 'unit' add eve --role police --body gr --password-stdin
expect_err "an unknown body" 1 'investigating body' add eve --role police --body fbi --unit x --password-stdin
expect_err "an unknown role" 2 'role' add eve --role king --password-stdin
expect_err "a name that is not a name" 1 'not a user name' add "Eve Smith" --role admin --password-stdin
expect_err "a taken name" 1 'already exists' add alice --role admin --password-stdin
expect_out "nothing refused was stored" '^5$' sh -c "\"$HIMAYA\" --db '$db' user list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"count\"])'"

# --- what is stored ---
check "the password is stored as an Argon2id hash" [ "$(sql "$db" "SELECT count(*) FROM users WHERE password_hash LIKE '\$argon2id\$%'")" = 5 ]
check "the password itself is nowhere in the database" [ "$(db_dump "$db" | grep -c "$pw")" = 0 ]

# --- list, change, disable ---
himaya --db "$db" user list --json >"$TEST_DIR/list.json" 2>"$ERR"
check "list in name order with roles" [ "$(pyjson "$TEST_DIR/list.json" '",".join(u["name"]+":"+u["role"] for u in d["users"])')" = \
	"alice:court,bob:appeal,carl:police,dina:presidency,root:admin" ]
check "the police unit is kept in Arabic" [ "$(pyjson "$TEST_DIR/list.json" 'd["users"][2]["unit"]')" = "سرية الدرك بسلا" ]
old=$(sql "$db" "SELECT password_hash FROM users WHERE name = 'alice'")
expect "a new password" 0 sh -c "echo 'another long phrase' | \"$HIMAYA\" --db '$db' user passwd alice --password-stdin"
check "the hash changed" [ "$(sql "$db" "SELECT password_hash FROM users WHERE name = 'alice'")" != "$old" ]
expect_err "a new password follows the policy" 1 'at least 12' sh -c "echo short | \"$HIMAYA\" --db '$db' user passwd alice --password-stdin"
expect_err "an unknown user" 1 "no user named 'zed'" himaya --db "$db" user disable zed
expect "disable" 0 himaya --db "$db" user disable bob
expect_out "the list says disabled" 'bob .*\[disabled\]' himaya --db "$db" user list
expect "enable" 0 himaya --db "$db" user enable bob
expect_out "and enabled again" '"disabled": false' sh -c "\"$HIMAYA\" --db '$db' user list --json | python3 -c 'import json,sys; print(json.dumps([u for u in json.load(sys.stdin)[\"users\"] if u[\"name\"]==\"bob\"][0]))'"
himaya --db "$db" user reset-totp alice --json >"$TEST_DIR/reset.json" 2>"$ERR"
check "reset-totp gives a new secret" [ "$(pyjson "$TEST_DIR/reset.json" 'd["totp_secret"]')" != "$secret" ]
check "the stored secret is the new one" [ "$(sql "$db" "SELECT totp_secret FROM users WHERE name = 'alice'")" = \
	"$(pyjson "$TEST_DIR/reset.json" 'd["totp_secret"]')" ]

# --- API tokens ---
himaya --db "$db" user token dina --days 30 --label stats --json >"$TEST_DIR/token.json" 2>"$ERR"
check "an API token is 64 hex digits, shown once" sh -c "python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"token\"])' '$TEST_DIR/token.json' | grep -qE '^[0-9a-f]{64}$'"
token=$(pyjson "$TEST_DIR/token.json" 'd["token"]')
check "only its hash is stored" [ "$(sql "$db" "SELECT count(*) FROM sessions WHERE kind = 'api' AND token_hash != '$token'")" = 1 ]
check "the token itself is nowhere in the database" [ "$(db_dump "$db" | grep -c "$token")" = 0 ]
expect_err "a token lasts at most a year" 1 'days' himaya --db "$db" user token dina --days 400
expect_err "a token for nobody" 1 "no user named" himaya --db "$db" user token nobody

# --- audited ---
check "every change is audited with the actor" [ "$(himaya --db "$db" audit list --user root --json | \
	python3 -c 'import json,sys; print(",".join(e["action"] for e in json.load(sys.stdin)["entries"]))')" = \
	"reference_sync,user_add,user_add,user_add,user_add,user_add,user_passwd,user_disable,user_enable,user_reset_totp,api_token_add" ]
expect "the chain verifies" 0 himaya --db "$db" audit verify
expect_err "a subcommand is needed" 2 'subcommand' himaya --db "$db" user

done_testing
