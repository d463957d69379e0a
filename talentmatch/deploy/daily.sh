#!/usr/bin/env bash
# TalentMatch's daily commands, in the order the README asks for (the survey before the match
# summaries; mail last, so what the others queued goes out). Every command runs even when an
# earlier one failed; the script exits 1 naming the ones that failed. Each command is safe to
# repeat. Run from the repository's folder with the environment file loaded
# (talentmatch-daily.service does both).
set -uo pipefail

flask=(.venv/bin/flask --app wsgi)
failed=()
run() {
  echo "== flask $*"
  if ! "${flask[@]}" "$@"; then
    failed+=("$*")
  fi
}

run sessions purge-expired
run notifications send-digests
run outcomes ask
run career-services refresh-matches
run career-services deliver-promotions
run staying remind
run privacy resume-erasures
run privacy purge-expired
run mail send-pending

if [ "${#failed[@]}" -gt 0 ]; then
  printf 'failed: flask %s\n' "${failed[@]}" >&2
  exit 1
fi
