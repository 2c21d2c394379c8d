#!/usr/bin/env bash
# Installs and starts what the full test suite needs beyond Python: a throwaway PostgreSQL on loopback and
# Debian's Chromium (plus a CJK font) for the browser tests. Source it: it exports XINYU_TEST_POSTGRES_URL,
# XINYU_TEST_CHROMIUM and XINYU_TEST_REQUIRE_SERVICES=1, and stops PostgreSQL when the calling shell exits.
# Needs root for apt-get and to run PostgreSQL as the postgres user.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=${XINYU_TEST_PGPORT:-55432}
PGDATA=$(mktemp -d /tmp/xinyu-pg.XXXXXX)
chown postgres "$PGDATA"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -A trust -U xinyu >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U xinyu xinyu_test
trap 'runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1; rm -rf "$PGDATA"' EXIT

export XINYU_TEST_POSTGRES_URL="postgresql://xinyu@127.0.0.1:$PGPORT/xinyu_test"
export XINYU_TEST_CHROMIUM=$(command -v chromium)
export XINYU_TEST_REQUIRE_SERVICES=1
echo "PostgreSQL at $XINYU_TEST_POSTGRES_URL; Chromium at $XINYU_TEST_CHROMIUM"
