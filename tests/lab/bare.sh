#!/bin/bash
# The lab's uninitialised host, for Initialize-CtrBackend: an Incus daemon with its own INCUS_DIR and nothing
# configured (no storage pool, no root disk in the default profile, no image) behind its own sshd on
# 127.0.0.1:2190, as the admin account ctradmin (passwordless sudo). It is recorded in lab.json under "bare",
# not in "backends", so tests that walk the backends never see it. stop.sh stops it too.
#
#   bare.sh start    start it if it is not running (idempotent; a host already initialised stays so)
#   bare.sh reset    stop its daemon, wipe its INCUS_DIR and start it again: uninitialised once more
#   bare.sh stop     stop its sshd and daemon (state kept)
#   bare.sh status   exit 0 when both run, 3 otherwise
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NAME=bare
DIR=$LAB/$NAME
KEY=$LAB/keys/admin_ed25519

bare_write_record() {
    local fp
    fp=$(ssh-keygen -lf "$DIR/ssh_host_ed25519_key.pub" | cut -d' ' -f2)
    jq -n --arg name "$NAME" --arg host "$LAB_HOST" --argjson port "$LAB_BARE_PORT" --arg user "$LAB_ADMIN" \
        --arg key "$KEY" --arg dir "$DIR/incus" --arg fp "$fp" \
        '{name: $name, host: $host, port: $port, user: $user, keyFile: $key, incusDir: $dir, hostKeyFingerprint: $fp}' \
        >"$DIR/host.json"
    printf '[%s]:%s %s\n' "$LAB_HOST" "$LAB_BARE_PORT" "$(cut -d' ' -f1,2 "$DIR/ssh_host_ed25519_key.pub")" >"$DIR/known_hosts"
    lab_merge_bare
}

# Unmounts what the daemon's pools left mounted and detaches their loop files (deepest first).
bare_unmount() {
    local m dev file
    for m in $(findmnt -rn -o TARGET | awk -v p="$DIR/" 'index($0, p) == 1' | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    losetup -n -O NAME,BACK-FILE | while read -r dev file; do
        case "$file" in "$DIR"/*) losetup -d "$dev" ;; esac
    done
}

bare_start() {
    [ -s "$KEY.pub" ] || die "no admin key: run start.sh first"
    id "$LAB_ADMIN" >/dev/null 2>&1 || die "no $LAB_ADMIN account: run start.sh first"
    mkdir -p "$DIR"
    incusd_start "$NAME"
    sshd_write_config "$NAME" "$LAB_BARE_PORT" "SetEnv INCUS_DIR=$DIR/incus" && sshd_stop "$NAME"
    authorize "$NAME" "$LAB_ADMIN" "$KEY.pub"
    sshd_start "$NAME"
    bare_write_record
    ssh -i "$KEY" -p "$LAB_BARE_PORT" -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR \
        -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$DIR/known_hosts" "$LAB_ADMIN@$LAB_HOST" \
        incus query /1.0 </dev/null >/dev/null || die "$NAME: incus does not answer over ssh on port $LAB_BARE_PORT"
}

case "${1:-}" in
    start) need_root; lab_lock; bare_start ;;
    reset)
        need_root; lab_lock
        sshd_stop "$NAME"
        incusd_stop "$NAME"
        bare_unmount
        rm -rf --one-file-system "$DIR/incus"
        bare_start
        ;;
    stop) need_root; lab_lock; sshd_stop "$NAME"; incusd_stop "$NAME"; bare_unmount ;;
    status)
        if sshd_pid "$NAME" >/dev/null && incusd_pid "$NAME" >/dev/null; then echo "$NAME running"; else echo "$NAME stopped"; exit 3; fi
        ;;
    *) die "usage: bare.sh start|reset|stop|status" ;;
esac
