#!/usr/bin/env bash
# Back up TalentMatch: the PostgreSQL database as a pg_dump custom-format file (restore it with
# restore.sh) and, when UPLOAD_FOLDER is set, the uploaded files (CVs) as a tar archive, both into
# BACKUP_DIR; then delete backups older than BACKUP_KEEP_DAYS. Old backups are deleted only after
# today's were written and read back, so a failing backup never leaves fewer behind.
#
#   backup.sh                 # DATABASE_URL, UPLOAD_FOLDER from the environment (talentmatch.env)
#   backup.sh DATABASE_URL    # another database
#
# BACKUP_DIR defaults to /var/backups/talentmatch, BACKUP_KEEP_DAYS to 14. Exits non-zero, with
# the reason on stderr, when anything fails (systemd then marks talentmatch-backup.service failed).
set -euo pipefail

url="${1:-${DATABASE_URL:-}}"
if [ -z "$url" ]; then
  echo "backup.sh: no database: set DATABASE_URL or pass it as the first argument" >&2
  exit 2
fi
# SQLAlchemy's driver-qualified scheme (postgresql+psycopg://) is not libpq's.
url="${url/#postgresql+psycopg:\/\//postgresql://}"
backup_dir="${BACKUP_DIR:-/var/backups/talentmatch}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
case "$keep_days" in
  '' | *[!0-9]*) echo "backup.sh: BACKUP_KEEP_DAYS must be a whole number of days" >&2; exit 2 ;;
esac

umask 077 # the dumps hold personal data: readable by the backup user only
mkdir -p "$backup_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="$backup_dir/talentmatch-$stamp.dump"
partial="$dump.partial"
trap 'rm -f "$partial" "$backup_dir/uploads-$stamp.tar.gz.partial"' EXIT

pg_dump --format=custom --compress=6 --file="$partial" --dbname="$url"
# A dump pg_restore cannot list is no backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$dump"
echo "database: $dump ($(du -h "$dump" | cut -f1))"

uploads="${UPLOAD_FOLDER:-}"
if [ -n "$uploads" ] && [ -d "$uploads" ]; then
  archive="$backup_dir/uploads-$stamp.tar.gz"
  tar -czf "$archive.partial" -C "$uploads" .
  mv "$archive.partial" "$archive"
  echo "uploads: $archive ($(du -h "$archive" | cut -f1))"
fi

find "$backup_dir" -maxdepth 1 -type f \( -name 'talentmatch-*.dump' -o -name 'uploads-*.tar.gz' \) \
  -mtime +"$keep_days" -print -delete | sed 's/^/deleted: /'
