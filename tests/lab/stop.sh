#!/bin/bash
# Stops everything the lab started: the sshds (with their sessions), then
# each incusd (clean shutdown, which stops the boxes; forced if it hangs),
# then any process still tied to the state dir. Safe when nothing runs.
#
#   stop.sh                stop; state (boxes, keys, pools) is kept
#   stop.sh --purge        also unmount, detach the loop devices and delete the state dir
#   stop.sh --purge --all  also remove the admin account, its sudoers drop-in
#                          and the cached image (back to a machine without the lab)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

purge=0
all=0
for a in "$@"; do
    case "$a" in
        --purge) purge=1 ;;
        --all) all=1 ;;
        *) die "usage: stop.sh [--purge [--all]]" ;;
    esac
done
[ "$all" = 0 ] || [ "$purge" = 1 ] || die "--all needs --purge"
need_root
lab_lock

if [ -d "$LAB" ]; then
    "$LAB_SCRIPTS/cluster.sh" stop
    # Backends' sshds before the jump's: a session tunnelled through the jump
    # would otherwise lose its connection first and be orphaned.
    for b in $(lab_backends) bare; do sshd_stop "$b"; done
    sshd_stop jump
    # Backends (and bare.sh's host) shut down side by side: each may wait for its boxes.
    for b in $(lab_backends) bare; do incusd_stop "$b" & done
    wait
fi

strays=$(lab_pids)
if [ -n "$strays" ]; then
    warn "ending leftover lab processes:$(for p in $strays; do
        printf '\n  %s %s' "$p" "$(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-120)"
    done)"
    # shellcheck disable=SC2086
    kill_tree $strays
fi

# What a killed incusd left mounted (storage pools, its own tmpfs), deepest
# first; loop devices detach themselves (autoclear) once unmounted.
lab_mounts() { findmnt -rn -o TARGET | awk -v p="$LAB/" 'index($0, p) == 1' | sort -r; }
for m in $(lab_mounts); do umount "$m" 2>/dev/null || umount -l "$m"; done
[ -z "$(lab_mounts)" ] || die "still mounted under $LAB: $(lab_mounts | tr '\n' ' ')"
losetup -n -O NAME,BACK-FILE | while read -r dev file; do
    case "$file" in "$LAB"/*) losetup -d "$dev" ;; esac
done

if [ "$purge" = 1 ]; then
    rm -rf --one-file-system "$LAB"
    if [ "$all" = 1 ]; then
        rm -f /etc/sudoers.d/containarium-lab
        if id "$LAB_ADMIN" >/dev/null 2>&1; then userdel --remove "$LAB_ADMIN" 2>/dev/null || userdel "$LAB_ADMIN"; fi
        rm -rf --one-file-system "$LAB_CACHE"
    fi
    if [ "$all" = 1 ]; then rm -f "$LAB.lock"; fi
fi
exit 0
