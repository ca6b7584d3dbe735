#!/bin/bash
# A three-member Incus cluster beside the independent backends: members
# m1..m3, each its own incusd (INCUS_DIR=$LAB/mK/incus) with its API and
# cluster address on 127.0.0.1K:8443 and its own sshd on 127.0.0.1K:2222.
# Idempotent, like start.sh (which runs it when given --cluster).
#
#   cluster.sh start    bring up (bootstrap m1, join m2 and m3 once), verify, add "cluster" to lab.json
#   cluster.sh stop     stop the members' sshds and daemons (state kept; stop.sh does this too)
#   cluster.sh status   one line per member; exits 3 unless all three are ONLINE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MEMBERS="m1 m2 m3"
POOL_SIZE=8GiB

cluster_query() { incus_at m1 query "$@"; }

clustered() { [ "$(incus_at "$1" query /1.0 2>/dev/null | jq -r .environment.server_clustered)" = true ]; }

bootstrap() {
    local addr
    addr=$(member_address m1):8443
    INCUS_DIR="$LAB/m1/incus" incus admin init --preseed >/dev/null <<YAML
config:
  core.https_address: $addr
  cluster.https_address: $addr
storage_pools:
- name: local
  driver: btrfs
  config:
    size: $POOL_SIZE
profiles:
- name: default
  devices:
    root:
      path: /
      pool: local
      type: disk
cluster:
  server_name: m1
  enabled: true
YAML
}

join() {
    local name=$1 token
    incus_at m1 cluster revoke-token "$name" >/dev/null 2>&1 || true
    token=$(incus_at m1 cluster add "$name" -q | tail -n 1)
    INCUS_DIR="$LAB/$name/incus" incus admin init --preseed >/dev/null <<YAML
cluster:
  enabled: true
  server_name: $name
  server_address: $(member_address "$name"):8443
  cluster_address: $(member_address m1):8443
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: local
    key: source
    value: ""
  - entity: storage-pool
    name: local
    key: size
    value: $POOL_SIZE
YAML
}

# One throwaway box per member, so that each member holds the image volume
# and the first real launch there is as fast as the later ones.
warm_member() {
    local name=$1 box=lab-warmup-$1
    incus_at m1 delete -f "$box" >/dev/null 2>&1 || true
    incus_at m1 launch "$LAB_IMAGE_ALIAS" "$box" --target "$name" -q >/dev/null 2>&1
    incus_at m1 delete -f "$box"
    cat "$IMAGE.sha256" >"$LAB/$name/warm"
}

member_sshd() {
    local name=$1 changed=0
    sshd_write_config "$name" "$(member_address "$name"):$MEMBER_SSH_PORT" "SetEnv INCUS_DIR=$LAB/$name/incus" && changed=1
    authorize "$name" "$LAB_ADMIN" "$KEY.pub"
    [ "$changed" = 1 ] && sshd_stop "$name"
    sshd_start "$name"
}

all_online() {
    [ "$(cluster_query /1.0/cluster/members?recursion=1 | jq '[.[] | select(.status == "Online")] | length')" = 3 ]
}

start_cluster() {
    local name pids=() failed=0 t0
    t0=$(now_ms)
    [ -s "$KEY" ] && id "$LAB_ADMIN" >/dev/null 2>&1 || die "the lab admin account and key are missing: run start.sh first"
    [ -f "$LAB/lab.json" ] || die "$LAB/lab.json missing: run start.sh first"
    # Side by side: a member that was part of the cluster only answers once a majority runs.
    for name in $MEMBERS; do
        mkdir -p "$LAB/$name"
        incusd_start "$name" >"$LAB/$name/start.log" 2>&1 &
        pids+=("$!")
    done
    for k in "${!pids[@]}"; do wait "${pids[$k]}" || { failed=1; cat "$LAB/m$((k + 1))/start.log" >&2; }; done
    [ "$failed" = 0 ] || die "cluster members did not start (see $LAB/m*/incusd.log)"
    clustered m1 || bootstrap
    for name in m2 m3; do clustered "$name" || join "$name"; done
    wait_for 60 all_online || die "cluster members not all ONLINE: $(cluster_query /1.0/cluster/members?recursion=1 | jq -c '[.[] | {server_name, status}]')"
    # Each member's loop file (sparse); a pool made smaller by an older version of this script is grown.
    for name in $MEMBERS; do
        [ "$(incus_at m1 storage get local size --target "$name")" = "$POOL_SIZE" ] ||
            incus_at m1 storage set local size="$POOL_SIZE" --target "$name"
    done
    # Quicker detection of a dead member (default 20 s; 11 is the lowest Incus accepts).
    [ "$(incus_at m1 config get cluster.offline_threshold)" = 11 ] || incus_at m1 config set cluster.offline_threshold 11
    ensure_image m1
    pids=()
    for name in $MEMBERS; do
        if ! cmp -s "$IMAGE.sha256" "$LAB/$name/warm"; then warm_member "$name" & pids+=("$!"); fi
        member_sshd "$name"
        touch "$LAB/$name/joined"
    done
    for p in "${pids[@]}"; do wait "$p" || die "warm-up launch on the cluster failed"; done
    write_client_files "$(jq '.backends | length' "$LAB/lab.json")"
    for name in $MEMBERS; do
        ssh -F "$LAB/ssh_config" "$name" incus query /1.0/cluster/members </dev/null >/dev/null ||
            die "cluster member $name does not answer over SSH (ssh -F $LAB/ssh_config $name)"
    done
    say "cluster up in $(($(now_ms) - t0)) ms"
}

stop_cluster() {
    local name
    for name in $MEMBERS; do sshd_stop "$name"; done
    for name in $MEMBERS; do
        [ -d "$LAB/$name/incus" ] && incusd_stop "$name" &
    done
    wait
}

status_cluster() {
    local name rc=0 members
    for name in $MEMBERS; do
        printf '%s incusd %s, sshd %s\n' "$name" \
            "$(incusd_pid "$name" >/dev/null && echo running || echo stopped)" \
            "$(sshd_pid "$name" >/dev/null && echo running || echo stopped)"
    done
    members=$(for name in $MEMBERS; do incus_at "$name" query /1.0/cluster/members?recursion=1 2>/dev/null && break; done) || true
    if [ -n "$members" ]; then
        jq -r '.[] | "\(.server_name) \(.status) \(.roles | join(","))"' <<<"$members"
        [ "$(jq '[.[] | select(.status == "Online")] | length' <<<"$members")" = 3 ] || rc=3
    else
        echo "cluster: no member answers"
        rc=3
    fi
    return "$rc"
}

need_root
case "${1:-}" in
    start)
        "$LAB_SCRIPTS/install.sh"
        IMAGE=$("$LAB_SCRIPTS/image.sh" --path)
        lab_lock
        start_cluster ;;
    stop) lab_lock; stop_cluster ;;
    status) status_cluster ;;
    *) die "usage: cluster.sh start|stop|status" ;;
esac
