#!/bin/bash
# Checks a running lab end to end, the way the module will use it, and
# prints the timings. For each step it goes through the backend's sshd as
# the admin (ssh -F $LAB/ssh_config bK ...):
#   launch a box from debian12; its sshd runs; useradd works inside it;
#   a user key in the box + an Incus proxy device on the host gives an SSH
#   login into the box, directly and through the jump host; then deletes it.
#
#   selftest.sh [bK]   (default b1)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

B=${1:-b1}
[ -f "$LAB/ssh_config" ] || die "no lab at $LAB; run start.sh first"
BOX=lab-selftest-$$
TMP=$(mktemp -d)
on_host() { ssh -F "$LAB/ssh_config" "$B" "$@"; }
cleanup() {
    on_host incus delete -f "$BOX" </dev/null >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

# A free loopback port for the proxy device's listener.
port=
for p in $(shuf -i 23000-23999 -n 50); do
    if ! ss -Hltn "sport = :$p" | grep -q .; then port=$p; break; fi
done
[ -n "$port" ] || die "no free port in 23000-23999"

t0=$(now_ms)
on_host incus launch "$LAB_IMAGE_ALIAS" "$BOX" -q </dev/null 2>"$TMP/err" || die "$B: incus launch failed: $(cat "$TMP/err")"
t_launch=$(($(now_ms) - t0))

box_exec() { on_host incus exec -n "$BOX" -- "$@" </dev/null; }
wait_for 10 box_exec pgrep -x sshd || die "$BOX: sshd is not running in the box"
box_exec useradd -m -s /bin/bash -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 alice ||
    die "$BOX: useradd failed in the box"
box_exec sh -c 'command -v flock && command -v sha256sum && command -v tar && command -v sudo' >/dev/null ||
    die "$BOX: flock, sha256sum, tar or sudo missing in the image"

ssh-keygen -q -t ed25519 -N '' -C alice -f "$TMP/alice"
# The key goes in over stdin: `incus exec` without -n forwards it.
on_host incus exec "$BOX" -- sh -c "'install -d -m 700 -o alice -g alice /home/alice/.ssh &&
    cat >/home/alice/.ssh/authorized_keys &&
    chown alice:alice /home/alice/.ssh/authorized_keys && chmod 600 /home/alice/.ssh/authorized_keys'" <"$TMP/alice.pub" ||
    die "$BOX: could not install alice's key"
box_key=$(box_exec cat /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f1,2)
echo "[$LAB_HOST]:$port $box_key" >"$TMP/known_hosts"

t0=$(now_ms)
on_host incus config device add "$BOX" ssh proxy "listen=tcp:$LAB_HOST:$port" connect=tcp:127.0.0.1:22 -q </dev/null ||
    die "$BOX: could not add the proxy device"
t_proxy=$(($(now_ms) - t0))

alice_ssh() {
    ssh -F "$LAB/ssh_config" -o UserKnownHostsFile="$TMP/known_hosts" -i "$TMP/alice" -p "$port" "$@" \
        alice@"$LAB_HOST" 'echo "$(id -un)@$(hostname)"' </dev/null
}
out=$(alice_ssh 2>&1) || die "$BOX: alice's login through the proxy device failed: $out"
[ "$out" = "alice@$BOX" ] || die "$BOX: unexpected answer through the proxy: $out"
out=$(alice_ssh -J jump 2>&1) || die "$BOX: alice's login through the jump host failed: $out"

t0=$(now_ms)
on_host incus delete -f "$BOX" </dev/null
t_delete=$(($(now_ms) - t0))
echo "selftest $B ok: launch ${t_launch} ms, proxy device ${t_proxy} ms, delete ${t_delete} ms (each incl. one ssh round trip)"
