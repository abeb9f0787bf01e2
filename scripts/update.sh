#!/usr/bin/env bash
# Self-update, run by hecate-update.service: fast-forwards the source checkout to origin/$HECATE_BRANCH and
# reruns the installer when it moved (HECATE_UPDATE_FORCE=1 reinstalls anyway). It never updates while a
# startup or shutdown holds the intent lock: replacing the jar under a running emergency is not worth it.
#   HECATE_SRC        the git checkout (default /opt/hecate/src)
#   HECATE_BRANCH     the branch to follow (default main)
#   HECATE_STATE_DIR  where intent.json lives (default /var/lib/hecate)
set -euo pipefail
src="${HECATE_SRC:-/opt/hecate/src}"
branch="${HECATE_BRANCH:-main}"
state_dir="${HECATE_STATE_DIR:-/var/lib/hecate}"

log() { echo "hecate-update: $*"; }

intent="$(sed -n 's/.*"state" *: *"\([a-z_]*\)".*/\1/p' "$state_dir/intent.json" 2>/dev/null || true)"
case "$intent" in
  startup_in_progress|shutting_down)
    log "skipped: intent is $intent"
    exit 0 ;;
esac

if [[ ! -d "$src/.git" ]]; then
  log "error: $src is not a git checkout (set HECATE_SRC in /etc/default/hecate)" >&2
  exit 2
fi
cd "$src"
on="$(git symbolic-ref --quiet --short HEAD || echo detached)"
if [[ "$on" != "$branch" ]]; then
  log "error: $src is on $on, not $branch; not updating" >&2
  exit 1
fi
before="$(git rev-parse HEAD)"
git fetch --quiet origin "$branch"
if ! git merge --ff-only --quiet "origin/$branch"; then
  log "error: $src has local commits or changes; not updating (fix the checkout by hand)" >&2
  exit 1
fi
after="$(git rev-parse HEAD)"
if [[ "$before" == "$after" && "${HECATE_UPDATE_FORCE:-0}" != 1 ]]; then
  log "up to date at ${after:0:12}"
  exit 0
fi
log "updating ${before:0:12} -> ${after:0:12}"
exec "$src/scripts/install.sh"
