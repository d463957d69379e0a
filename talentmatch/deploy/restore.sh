#!/usr/bin/env bash
# Restore a backup.sh dump into a NEW database on the server DATABASE_URL points at, leaving the
# database in use untouched; then point DATABASE_URL at it (or rename it) and restart the
# services (DEPLOYMENT.md, "Restore").
#
#   restore.sh /var/backups/talentmatch/talentmatch-20261206T020000Z.dump talentmatch_restored
#
# The connecting role needs CREATEDB. The new database must not exist yet; if anything fails it
# is dropped again, so a half-restored database is never left behind.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: restore.sh DUMP_FILE NEW_DATABASE_NAME   (server and role from DATABASE_URL)" >&2
  exit 2
fi
dump="$1"
name="$2"
if [ ! -r "$dump" ]; then
  echo "restore.sh: cannot read $dump" >&2
  exit 2
fi
# A plain identifier: it goes into CREATE DATABASE and the connection URL as it is.
if ! [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
  echo "restore.sh: the database name must be lower-case letters, digits and _ (at most 63)" >&2
  exit 2
fi
url="${DATABASE_URL:-}"
if [ -z "$url" ]; then
  echo "restore.sh: set DATABASE_URL (any database on the server to restore to)" >&2
  exit 2
fi
url="${url/#postgresql+psycopg:\/\//postgresql://}"
# The same server, role and options, with the new database's name as the URL's path.
base="${url%%\?*}"
query="${url#"$base"}"
if ! [[ "$base" =~ ^postgres(ql)?://[^/]+/[^/]*$ ]]; then
  echo "restore.sh: DATABASE_URL must look like postgresql://user@host:port/database" >&2
  exit 2
fi
target="${base%/*}/$name$query"

pg_restore --list "$dump" >/dev/null # a damaged file stops here, before anything is created
createdb --maintenance-db="$url" "$name"
trap 'echo "restore.sh: failed; dropping $name" >&2; dropdb --maintenance-db="$url" --if-exists "$name"' ERR
# One transaction: the restore is whole or not at all. Owners and grants are the connecting
# role's, so a dump taken under another role restores too.
pg_restore --single-transaction --exit-on-error --no-owner --no-privileges --dbname="$target" "$dump"
psql --quiet --no-psqlrc --set=ON_ERROR_STOP=1 --dbname="$target" --command="ANALYZE"
trap - ERR
revision="$(psql --no-psqlrc --tuples-only --no-align --dbname="$target" \
  --command="SELECT version_num FROM alembic_version" 2>/dev/null || true)"
echo "restored $dump into $name (migration revision: ${revision:-none recorded})"
