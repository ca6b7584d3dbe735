# Shared helpers for the lab scripts. Sourced, never run.
# shellcheck shell=bash disable=SC2034
# Every script that sources this runs with `set -euo pipefail`; errors inside
# $(...) must stop it too.
shopt -s inherit_errexit

LAB=${CTR_LAB_DIR:-/var/lib/containarium-lab}
LAB=${LAB%/}
LAB_CACHE=${CTR_LAB_CACHE:-/var/cache/containarium-lab}
LAB_ADMIN=ctradmin
LAB_IMAGE_ALIAS=debian12
LAB_HOST=127.0.0.1
LAB_JUMP_PORT=2200
# The uninitialised host of bare.sh (outside 2200-2299, which bK and the jump use).
LAB_BARE_PORT=2190
LAB_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_VERBOSE=${CTR_LAB_VERBOSE:-0}

die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }
warn() { printf 'lab: warning: %s\n' "$*" >&2; }
say() { if [ "$LAB_VERBOSE" = 1 ]; then printf 'lab: %s\n' "$*" >&2; fi; return 0; }

need_root() { [ "$(id -u)" = 0 ] || die "run as root"; }

# Serialise every script that changes the lab. The lock file lives beside the
# state dir so that --purge can delete the dir while holding it. fd 9 must
# never reach a daemon (it would hold the lock for the daemon's lifetime):
# run_daemon closes every inherited descriptor.
lab_lock() {
    # A script run by one that holds the lock (start.sh --cluster runs cluster.sh) must not wait for it.
    [ "${CTR_LAB_LOCK_HELD:-}" = "$LAB" ] && return 0
    mkdir -p "$(dirname "$LAB")"
    exec 9>>"$LAB.lock"
    flock -w 600 9 || die "another lab script holds $LAB.lock for 10 min"
    export CTR_LAB_LOCK_HELD=$LAB
}

# Milliseconds since the epoch, for timings.
now_ms() { date +%s%3N; }

# run_daemon LOG CMD...: start CMD detached (own session, stdin /dev/null,
# output appended to LOG, no other inherited fd) and print its pid.
run_daemon() {
    local log=$1
    shift
    (
        for fd in "/proc/$BASHPID/fd/"*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
        done
        exec setsid "$@" </dev/null >>"$log" 2>&1
    ) &
    echo $!
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
    local deadline=$(( $(now_ms) + $1 * 1000 ))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$(now_ms)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# wait_up SECONDS PID CMD...: wait_for CMD, but give up as soon as the daemon
# PID has exited (a port in use, a bad config).
wait_up() {
    local secs=$1 pid=$2
    shift 2
    wait_for "$secs" up_or_gone "$pid" "$@" || true
    "$@" >/dev/null 2>&1
}
up_or_gone() {
    local pid=$1
    shift
    "$@" || no_process "$pid"
}

# pid_of PIDFILE MARK: the pid in PIDFILE if that process is alive and its
# command line contains MARK (guards against a recycled pid); else nothing.
pid_of() {
    local pid
    [ -s "$1" ] || return 1
    pid=$(tr -dc '0-9' <"$1")
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
    echo "$pid"
}

# Every descendant of a pid, children first listed after their parent.
descendants() {
    local all queue=("$1") p c
    all=$(ps -eo pid=,ppid=)
    while [ "${#queue[@]}" -gt 0 ]; do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        while read -r c; do
            echo "$c"
            queue+=("$c")
        done < <(awk -v p="$p" '$2 == p { print $1 }' <<<"$all")
    done
}

# kill_tree PID...: TERM the processes and all their descendants (listed
# before any is signalled, so none is orphaned first), KILL whatever is left
# after 5 s.
kill_tree() {
    local pids=() p
    for p in "$@"; do
        pids+=("$p")
        while read -r p; do pids+=("$p"); done < <(descendants "$p")
    done
    kill -TERM "${pids[@]}" 2>/dev/null || true
    kill -CONT "${pids[@]}" 2>/dev/null || true # a stopped process acts on TERM only once continued
    if ! wait_for 5 no_process "${pids[@]}"; then
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait_for 5 no_process "${pids[@]}" || warn "processes survived SIGKILL: ${pids[*]}"
    fi
}

no_process() {
    local p
    for p in "$@"; do
        # a zombie counts as gone
        if [ -r "/proc/$p/stat" ] && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then
            return 1
        fi
    done
}

# Processes that belong to this lab and must not outlive stop.sh: any whose
# command line names the state dir, or whose environment points INCUS_DIR
# into it (incusd, its forkproxy and lxc monitor children, sessions on the
# lab sshds). Never the caller or its ancestors.
lab_pids() {
    local self=" $$ " p=$$
    while [ "$p" -gt 1 ]; do
        p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || break
        self+="$p "
    done
    # (patterns come from files so that grep does not match its own argv)
    {
        grep -lasF -f <(echo "$LAB/") /proc/[0-9]*/cmdline || true
        grep -lasF -f <(echo "INCUS_DIR=$LAB/") /proc/[0-9]*/environ || true
    } | cut -d/ -f3 | sort -un | while read -r p; do
        case "$self" in *" $p "*) ;; *) echo "$p" ;; esac
    done
}

# Backends present in the state dir, in numeric order: b1 b2 ...
lab_backends() {
    local d
    for d in "$LAB"/b[0-9]*; do
        [ -d "$d" ] && basename "$d"
    done | sort -V
}

# --- sshd -----------------------------------------------------------------
# One sshd per name (jump, b1, b2, ...) with everything under $LAB/<name>/.

sshd_dir() { echo "$LAB/$1"; }

sshd_pid() { pid_of "$LAB/$1/sshd.pid" "$LAB/$1/sshd_config"; }

sshd_start() {
    local name=$1 dir pid
    dir=$(sshd_dir "$name")
    [ -f "$dir/sshd_config" ] || die "$name: no sshd config; run start.sh first"
    if sshd_pid "$name" >/dev/null; then return 0; fi
    mkdir -p /run/sshd
    chmod 0755 /run/sshd
    /usr/sbin/sshd -t -f "$dir/sshd_config" 2>"$dir/sshd.check" ||
        die "$name: sshd config rejected: $(cat "$dir/sshd.check")"
    rm -f "$dir/sshd.pid" "$dir/sshd.check"
    pid=$(run_daemon "$dir/sshd.log" /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log")
    if ! wait_up 10 "$pid" sshd_pid "$name"; then
        kill "$pid" 2>/dev/null || true
        die "$name: sshd did not start; last lines of $dir/sshd.log:
$(tail -n 5 "$dir/sshd.log" 2>/dev/null)"
    fi
    say "$name: sshd up (pid $(sshd_pid "$name"))"
}

# Stops the listener and every session it forked, so that a stopped sshd
# looks like a dead host, not just a closed port.
sshd_stop() {
    local pid
    if pid=$(sshd_pid "$1"); then
        kill_tree "$pid"
        say "$1: sshd stopped"
    fi
    rm -f "$LAB/$1/sshd.pid"
}

# sshd_write_config NAME PORT [EXTRA_LINE...]: (re)write $LAB/NAME/sshd_config
# with a single ed25519 host key (so the recorded fingerprint is the only one
# a client can see). Returns 0 if the file changed, 1 if it was up to date.
sshd_write_config() {
    local name=$1 listen=$2 dir
    shift 2
    # PORT alone listens on $LAB_HOST; ADDRESS:PORT on that address (cluster members).
    [[ "$listen" == *:* ]] || listen=$LAB_HOST:$listen
    dir=$(sshd_dir "$name")
    mkdir -p "$dir/authorized_keys"
    chmod 0755 "$dir" "$dir/authorized_keys"
    if [ ! -s "$dir/ssh_host_ed25519_key" ]; then
        ssh-keygen -q -t ed25519 -N '' -C "containarium-lab-$name" -f "$dir/ssh_host_ed25519_key"
    fi
    {
        echo "# Written by tests/lab/start.sh; edits are overwritten."
        echo "ListenAddress $listen"
        echo "HostKey $dir/ssh_host_ed25519_key"
        echo "PidFile $dir/sshd.pid"
        echo "AuthorizedKeysFile .ssh/authorized_keys $dir/authorized_keys/%u"
        echo "PubkeyAuthentication yes"
        echo "PasswordAuthentication no"
        echo "KbdInteractiveAuthentication no"
        echo "PermitRootLogin no"
        echo "UsePAM no"
        echo "AllowTcpForwarding yes"
        echo "PermitOpen any"
        echo "X11Forwarding no"
        echo "PrintMotd no"
        echo "PrintLastLog no"
        # Test suites and benchmarks open many OpenSSH connections at once; the default 10:30:100 drops some
        # during key exchange on a loaded 2-core machine ("kex_exchange_identification: Connection closed").
        echo "MaxStartups 100:30:200"
        echo "Subsystem sftp /usr/lib/openssh/sftp-server"
        local line
        for line in "$@"; do echo "$line"; done
    } >"$dir/sshd_config.new"
    if cmp -s "$dir/sshd_config.new" "$dir/sshd_config"; then
        rm -f "$dir/sshd_config.new"
        return 1
    fi
    mv "$dir/sshd_config.new" "$dir/sshd_config"
}

# authorize NAME USER PUBKEY_FILE: make sure the key is in NAME's
# per-host authorized_keys file for USER (appends; never drops other keys).
authorize() {
    local f="$LAB/$1/authorized_keys/$2" key
    key=$(cat "$3")
    if ! grep -qxF -- "$key" "$f" 2>/dev/null; then
        printf '%s\n' "$key" >>"$f"
    fi
    chmod 0644 "$f"
}

# --- incusd ---------------------------------------------------------------

incus_at() { INCUS_DIR="$LAB/$1/incus" incus "${@:2}" </dev/null; }

incusd_pid() { pid_of "$LAB/$1/incusd.pid" "$LAB/$1/incusd.log"; }

incusd_answers() { incus_at "$1" query /1.0 >/dev/null 2>&1; }

# /1.0 answers early; other requests get "Server isn't ready yet" until the daemon has done its start tasks (restarting
# its boxes, rejoining its cluster). A started daemon is one that is ready.
incusd_ready() { timeout 75 env INCUS_DIR="$LAB/$1/incus" incus admin waitready --timeout=60 </dev/null >/dev/null 2>&1; }

incusd_start() {
    local name=$1 dir=$LAB/$1 pid
    mkdir -p "$dir/incus"
    if incusd_pid "$name" >/dev/null; then
        wait_for 60 incusd_answers "$name" || die "$name: incusd runs but does not answer; see $dir/incusd.log"
        incusd_ready "$name" || die "$name: incusd answers but is not ready within 60 s; see $dir/incusd.log"
        return 0
    fi
    if incusd_answers "$name"; then
        # Running, but its pid file is gone: adopt it.
        incus_at "$name" query /1.0 | jq -r .environment.server_pid >"$dir/incusd.pid"
        incusd_ready "$name" || die "$name: incusd answers but is not ready within 60 s; see $dir/incusd.log"
        return 0
    fi
    pid=$(INCUS_DIR="$dir/incus" run_daemon "$dir/incusd.out" \
        /usr/libexec/incus/incusd --group incus-admin --logfile "$dir/incusd.log")
    echo "$pid" >"$dir/incusd.pid"
    if ! wait_up 60 "$pid" incusd_answers "$name"; then
        kill_tree "$pid"
        die "$name: incusd did not answer within 60 s; last lines of $dir/incusd.log:
$(tail -n 8 "$dir/incusd.log" "$dir/incusd.out" 2>/dev/null)"
    fi
    incusd_ready "$name" || die "$name: incusd answers but is not ready within 60 s; see $dir/incusd.log"
    say "$name: incusd up (pid $pid)"
}

# Clean shutdown (stops the boxes, which restart with the daemon next time),
# then force if it hangs.
incusd_stop() {
    local name=$1 pid
    if pid=$(incusd_pid "$name"); then
        if timeout "${CTR_LAB_SHUTDOWN_TIMEOUT:-90}" env INCUS_DIR="$LAB/$name/incus" \
            incus admin shutdown </dev/null >/dev/null 2>&1; then
            wait_for 20 no_process "$pid" || kill_tree "$pid"
        else
            warn "$name: incus admin shutdown failed or timed out; killing incusd"
            kill_tree "$pid"
        fi
        say "$name: incusd stopped"
    fi
    rm -f "$LAB/$name/incusd.pid"
}

# --- one daemon at a time (sshd.sh, incusd.sh) ----------------------------

# daemon_cli KIND ACTION NAME: start|stop|restart|status (incusd also kill) the KIND (sshd or
# incusd) of lab host NAME (jump, b1, b2, ...). status exits 3 when stopped.
daemon_cli() {
    local kind=$1 action=${2:-} name=${3:-} pid
    case "$kind:$name" in
        sshd:jump | sshd:b[1-9]* | incusd:b[1-9]* | sshd:m[1-3] | incusd:m[1-3]) ;;
        *) die "usage: $kind.sh start|stop|restart|status NAME  (NAME: $([ "$kind" = sshd ] && echo 'jump, ')b1, b2, ..., or cluster member m1..m3)" ;;
    esac
    [ -d "$LAB/$name" ] || die "$name: not in the lab ($LAB/$name missing); run start.sh first"
    need_root
    case "$action" in
        start) lab_lock; "${kind}_start" "$name" ;;
        stop) lab_lock; "${kind}_stop" "$name" ;;
        restart) lab_lock; "${kind}_stop" "$name"; "${kind}_start" "$name" ;;
        kill)
            # A crash, not a shutdown: SIGKILL to the daemon only (its boxes keep running, as on a real host).
            [ "$kind" = incusd ] || die "kill is for incusd only"
            lab_lock
            if pid=$(incusd_pid "$name"); then kill -KILL "$pid"; wait_for 10 no_process "$pid" || true; fi
            rm -f "$LAB/$name/incusd.pid" ;;
        status)
            if pid=$("${kind}_pid" "$name"); then
                echo "$name $kind running (pid $pid)"
            else
                echo "$name $kind stopped"
                return 3
            fi
            ;;
        *) die "unknown action '$action' (start, stop, restart, status, kill)" ;;
    esac
}

# --- the uninitialised host (bare.sh) ----------------------------------------

# lab_merge_bare: put $LAB/bare/host.json into lab.json under "bare" (or drop the key when there is no such host).
lab_merge_bare() {
    local f=$LAB/lab.json rec=$LAB/bare/host.json
    [ -f "$f" ] || return 0
    if [ -f "$rec" ]; then
        jq --slurpfile b "$rec" '.bare = $b[0]' "$f" >"$f.new"
    else
        jq 'del(.bare)' "$f" >"$f.new"
    fi
    if cmp -s "$f.new" "$f"; then rm -f "$f.new"; else mv "$f.new" "$f"; fi
}
# --- files shared by start.sh and cluster.sh ------------------------------

KEY=$LAB/keys/admin_ed25519
MEMBER_SSH_PORT=2222

# Cluster member mK: API and sshd on its own loopback address 127.0.0.1K.
member_address() { echo "127.0.0.1${1#m}"; }

# Members whose set-up finished (cluster.sh writes $LAB/mK/joined).
cluster_members_present() {
    local k
    for k in 1 2 3; do [ -f "$LAB/m$k/joined" ] && echo "m$k"; done
    return 0
}

# Points alias debian12 at the cached image, importing it if needed (a fresh
# import drops the warm-up marker).
ensure_image() {
    local name=$1 want have
    want=$(cat "$IMAGE.sha256")
    have=$(incus_at "$name" query "/1.0/images/aliases/$LAB_IMAGE_ALIAS" 2>/dev/null | jq -r .target) || have=
    [ "$have" = "$want" ] && return 0
    if ! incus_at "$name" query "/1.0/images/$want" >/dev/null 2>&1; then
        incus_at "$name" image import "$IMAGE" -q >/dev/null
        rm -f "$LAB/$name/warm"
    fi
    if [ -n "$have" ]; then
        incus_at "$name" image alias delete "$LAB_IMAGE_ALIAS"
        incus_at "$name" image delete "$have" 2>/dev/null || true
    fi
    incus_at "$name" image alias create "$LAB_IMAGE_ALIAS" "$want"
}

# install_if_changed FILE: move FILE.new over FILE unless they are equal.
install_if_changed() {
    if cmp -s "$1.new" "$1"; then rm -f "$1.new"; else mv "$1.new" "$1"; fi
}

fingerprint() { ssh-keygen -lf "$LAB/$1/ssh_host_ed25519_key.pub" | cut -d' ' -f2; }

# host_json NAME HOST SSH_PORT API_ADDRESS: one host's entry in lab.json.
host_json() {
    jq -n --arg name "$1" --arg host "$2" --argjson port "$3" --arg api "$4" \
        --arg user "$LAB_ADMIN" --arg key "$KEY" --arg dir "$LAB/$1/incus" --arg fp "$(fingerprint "$1")" \
        '{name: $name, host: $host, port: $port, user: $user, keyFile: $key,
          incusDir: $dir, hostKeyFingerprint: $fp, httpsAddress: $api}'
}

# write_client_files N: known_hosts, ssh_config and lab.json for backends
# b1..bN, the jump host and, once cluster.sh has set it up, the cluster
# members m1..m3 (lab.json key "cluster"; the "backends" list never holds them).
write_client_files() {
    local N=$1 k name cluster=null
    {
        printf '[%s]:%s %s\n' "$LAB_HOST" "$LAB_JUMP_PORT" "$(cut -d' ' -f1,2 "$LAB/jump/ssh_host_ed25519_key.pub")"
        for k in $(seq 1 "$N"); do
            printf '[%s]:%s %s\n' "$LAB_HOST" $((LAB_JUMP_PORT + k)) "$(cut -d' ' -f1,2 "$LAB/b$k/ssh_host_ed25519_key.pub")"
        done
        for name in $(cluster_members_present); do
            printf '[%s]:%s %s\n' "$(member_address "$name")" "$MEMBER_SSH_PORT" "$(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")"
        done
    } >"$LAB/known_hosts.new"
    install_if_changed "$LAB/known_hosts"
    {
        echo "# ssh -F $LAB/ssh_config b1   |   ssh -F $LAB/ssh_config -J jump b1"
        for k in $(seq 1 "$N"); do
            printf 'Host b%s\n  Port %s\n' "$k" $((LAB_JUMP_PORT + k))
        done
        printf 'Host jump\n  Port %s\n' "$LAB_JUMP_PORT"
        for name in $(cluster_members_present); do
            printf 'Host %s\n  HostName %s\n  Port %s\n' "$name" "$(member_address "$name")" "$MEMBER_SSH_PORT"
        done
        printf 'Host *\n  HostName %s\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$LAB_HOST" "$LAB_ADMIN" "$KEY"
        printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n  BatchMode yes\n  LogLevel ERROR\n' "$LAB/known_hosts"
    } >"$LAB/ssh_config.new"
    install_if_changed "$LAB/ssh_config"
    for k in $(seq 1 "$N"); do
        host_json "b$k" "$LAB_HOST" $((LAB_JUMP_PORT + k)) "$LAB_HOST:$((8440 + k))"
    done >"$LAB/backends.jsonl"
    if [ -n "$(cluster_members_present)" ]; then
        cluster=$(for name in $(cluster_members_present); do
            host_json "$name" "$(member_address "$name")" "$MEMBER_SSH_PORT" "$(member_address "$name"):8443"
        done | jq -s '{members: .}')
        # Also on its own, for readers of a lab.json that an older start.sh rewrote without the cluster.
        printf '%s\n' "$cluster" >"$LAB/cluster.json.new"
        install_if_changed "$LAB/cluster.json"
    fi
    jq -s --argjson cluster "$cluster" --arg host "$LAB_HOST" --argjson port "$LAB_JUMP_PORT" --arg user "$LAB_ADMIN" \
        --arg key "$KEY" --arg fp "$(fingerprint jump)" --arg image "$LAB_IMAGE_ALIAS" \
        --arg kh "$LAB/known_hosts" --arg cfg "$LAB/ssh_config" \
        '{backends: ., jump: {host: $host, port: $port, user: $user, keyFile: $key, hostKeyFingerprint: $fp},
          image: $image, knownHostsFile: $kh, sshConfigFile: $cfg}
         + (if $cluster == null then {} else {cluster: $cluster} end)' \
        "$LAB/backends.jsonl" >"$LAB/lab.json.new"
    rm -f "$LAB/backends.jsonl"
    install_if_changed "$LAB/lab.json"
    lab_merge_bare
}

