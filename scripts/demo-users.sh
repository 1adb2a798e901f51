#!/bin/sh
# Creates one demo account per role on a demo database and prints, for
# each, its password, TOTP secret and the oathtool line that gives the
# current code (make run). Demo only: the password is printed.
#
# usage: scripts/demo-users.sh HIMAYA_BINARY DATABASE
set -eu
himaya=$1
db=$2
password='himaya-demo-2025'

add() {
	name=$1
	shift
	out=$(printf '%s\n' "$password" | "$himaya" --db "$db" user add "$name" --role "$@" --password-stdin --no-qr)
	secret=$(printf '%s\n' "$out" | sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' | head -n 1)
	printf '  %-12s %-34s oathtool --totp -b %s\n' "$name" "($*)" "$secret"
}

echo "Demo accounts (password for all: $password); the code is the TOTP of the secret:"
add admin admin
add presidency presidency
add ca-rabat appeal --court ca-rabat
add tpi-sale court --court tpi-sale
add police-sale police --body dgsn --unit 'الفرقة الجهوية للشرطة القضائية بسلا'
