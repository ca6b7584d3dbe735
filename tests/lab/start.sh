#!/bin/bash
# Brings up the local lab: N Incus backends (b1..bN), each behind its own
# sshd on 127.0.0.1:220k, plus a jump sshd on 127.0.0.1:2200. Idempotent:
# whatever already runs is left alone, whatever is missing is (re)started.
#
#   start.sh [N]            N backends (default 3); more backends are added
#   start.sh N --bare       also the uninitialised host of bare.sh (127.0.0.1:2190, lab.json "bare")
#   start.sh [N] --cluster  also the three-member Incus cluster m1..m3 (cluster.sh start)
#   CTR_LAB_VERBOSE=1 ...   say what is done
#
# Writes $LAB/lab.json, $LAB/ssh_config and $LAB/known_hosts (see README.md).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

N=3
BARE=0
cluster=${CTR_LAB_CLUSTER:-0}
for a in "$@"; do
    case "$a" in
        --bare) BARE=1 ;;
        --cluster) cluster=1 ;;
        *) [[ "$a" =~ ^[1-9][0-9]?$ ]] || die "usage: start.sh [N] [--bare] [--cluster]  (N = number of backends, 1..99)"; N=$a ;;
    esac
done
need_root

"$LAB_SCRIPTS/install.sh"
IMAGE=$("$LAB_SCRIPTS/image.sh" --path)
lab_lock
t_start=$(now_ms)
mkdir -p "$LAB"
chmod 0755 "$LAB"

ensure_admin() {
    local sudoers=/etc/sudoers.d/containarium-lab
    getent group incus-admin >/dev/null || groupadd --system incus-admin
    if ! id "$LAB_ADMIN" >/dev/null 2>&1; then
        # No subordinate ids: Incus holds most of /etc/subuid (see README).
        useradd --create-home --shell /bin/sh --groups incus-admin --password '*' \
            -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 --comment "Containarium lab admin" "$LAB_ADMIN"
    fi
    [ "$(getent passwd "$LAB_ADMIN" | cut -d: -f7)" = /bin/sh ] || usermod --shell /bin/sh "$LAB_ADMIN"
    id -nG "$LAB_ADMIN" | tr ' ' '\n' | grep -qx incus-admin || usermod -aG incus-admin "$LAB_ADMIN"
    # '*' (no password, not locked): with UsePAM no, sshd refuses '!' even for keys.
    [ "$(getent shadow "$LAB_ADMIN" | cut -d: -f2)" = '*' ] || usermod --password '*' "$LAB_ADMIN"
    [ "$(getent shadow "$LAB_ADMIN" | cut -d: -f2)" = '*' ] || die "could not set $LAB_ADMIN's password field to '*'"
    {
        echo "# Containarium lab: the admin is a host admin (tests/lab/start.sh)."
        echo "$LAB_ADMIN ALL=(ALL) NOPASSWD: ALL"
        echo "Defaults:$LAB_ADMIN env_keep += \"INCUS_DIR\""
    } >"$sudoers.new"
    if cmp -s "$sudoers.new" "$sudoers"; then
        rm -f "$sudoers.new"
    else
        chmod 0440 "$sudoers.new"
        visudo -cqf "$sudoers.new" || { rm -f "$sudoers.new"; die "generated sudoers drop-in is invalid"; }
        mv "$sudoers.new" "$sudoers"
    fi
}

ensure_key() {
    mkdir -p "$LAB/keys"
    chmod 0700 "$LAB/keys"
    [ -s "$KEY" ] && [ -s "$KEY.pub" ] && return 0
    rm -f "$KEY" "$KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C "$LAB_ADMIN@containarium-lab" -f "$KEY"
}

# Launch (and delete) two throwaway boxes so that the image's storage volume
# exists and the first real launch is as fast as the later ones.
warm_up() {
    local name=$1 t0 t1 t2
    incus_at "$name" delete -f lab-warmup-1 lab-warmup-2 >/dev/null 2>&1 || true
    t0=$(now_ms)
    incus_at "$name" launch "$LAB_IMAGE_ALIAS" lab-warmup-1 -q
    t1=$(now_ms)
    incus_at "$name" launch "$LAB_IMAGE_ALIAS" lab-warmup-2 -q
    t2=$(now_ms)
    incus_at "$name" delete -f lab-warmup-1 lab-warmup-2
    echo "$(date -u +%FT%TZ) $name first_launch_ms=$((t1 - t0)) second_launch_ms=$((t2 - t1))" >>"$LAB/timings.log"
    cat "$IMAGE.sha256" >"$LAB/$name/warm"
}

ensure_backend() {
    local k=$1 name=b$1 dir=$LAB/b$1 changed=0 t0
    t0=$(now_ms)
    incusd_start "$name"
    if ! incus_at "$name" storage show default >/dev/null 2>&1; then
        # btrfs on a sparse loop file: boxes are copy-on-write snapshots of
        # the image. No network: admin init --minimal needs a free subnet.
        incus_at "$name" storage create default btrfs size=6GiB -q >/dev/null
    fi
    if ! incus_at "$name" query /1.0/profiles/default | jq -e '.devices.root' >/dev/null; then
        incus_at "$name" profile device add default root disk path=/ pool=default -q >/dev/null
    fi
    # Its own API port, so that backends can reach each other (incus copy).
    if [ "$(incus_at "$name" config get core.https_address)" != "$LAB_HOST:$((8440 + k))" ]; then
        incus_at "$name" config set core.https_address "$LAB_HOST:$((8440 + k))"
    fi
    ensure_image "$name"
    cmp -s "$IMAGE.sha256" "$dir/warm" || warm_up "$name"
    sshd_write_config "$name" $((LAB_JUMP_PORT + k)) "SetEnv INCUS_DIR=$dir/incus" && changed=1
    authorize "$name" "$LAB_ADMIN" "$KEY.pub"
    [ "$changed" = 1 ] && sshd_stop "$name"
    sshd_start "$name"
    say "$name: ready in $(($(now_ms) - t0)) ms"
}

ensure_jump() {
    sshd_write_config jump "$LAB_JUMP_PORT" && sshd_stop jump
    authorize jump "$LAB_ADMIN" "$KEY.pub"
    sshd_start jump
}

# Each backend answers `incus query /1.0` over its sshd, directly and
# through the jump host (all checks at once: each is an SSH handshake).
verify() {
    local k out=$LAB/verify.out failed=0 pids=() what=()
    for k in $(seq 1 "$N"); do
        ssh -F "$LAB/ssh_config" "b$k" incus query /1.0 </dev/null >/dev/null 2>"$out.$k.direct" &
        pids+=("$!") what+=("$k.direct")
        ssh -F "$LAB/ssh_config" -J jump "b$k" true </dev/null 2>"$out.$k.jump" &
        pids+=("$!") what+=("$k.jump")
    done
    for k in "${!pids[@]}"; do
        if ! wait "${pids[$k]}"; then
            failed=1
            warn "check failed: b${what[$k]%.*} ${what[$k]#*.}: $(cat "$out.${what[$k]}")"
        fi
    done
    rm -f "$out".*
    [ "$failed" = 0 ] || die "verification failed (try: ssh -F $LAB/ssh_config b1 incus query /1.0)"
}

ensure_admin
ensure_key
# Backends come up side by side; each one's output goes to its start.log.
pids=()
for k in $(seq 1 "$N"); do
    mkdir -p "$LAB/b$k"
    ensure_backend "$k" >"$LAB/b$k/start.log" 2>&1 &
    pids+=("$!")
done
failed=0
for k in $(seq 1 "$N"); do
    if ! wait "${pids[$((k - 1))]}"; then
        failed=1
        printf 'lab: b%s failed:\n%s\n' "$k" "$(cat "$LAB/b$k/start.log")" >&2
    elif [ "$LAB_VERBOSE" = 1 ]; then
        cat "$LAB/b$k/start.log" >&2
    fi
done
[ "$failed" = 0 ] || die "some backends did not come up (stop.sh, then start.sh again, or see the logs in $LAB/b*/)"
ensure_jump
write_client_files "$N"
verify
extra=$(lab_backends | awk -v n="$N" '{ sub(/^b/, ""); if ($1 + 0 > n) printf " b%s", $1 }')
[ -z "$extra" ] || warn "left alone and not in lab.json:$extra (stop.sh stops them)"
if [ "$BARE" = 1 ]; then
    exec 9>&- # bare.sh takes the lab lock itself
    "$LAB_SCRIPTS/bare.sh" start
fi
if [ "$cluster" = 1 ]; then "$LAB_SCRIPTS/cluster.sh" start; fi
say "lab up in $(($(now_ms) - t_start)) ms: $LAB/lab.json"
