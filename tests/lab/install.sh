#!/bin/bash
# Installs what the lab needs on Debian 12 (bookworm), as root. A no-op
# (a few ms) when everything is there. Incus comes from bookworm-backports:
# only the container parts (incus-base + incus-client), not the qemu stack
# that the "incus" metapackage pulls in for VMs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(openssh-server openssh-client busybox-static btrfs-progs debootstrap sudo util-linux jq passwd)
BACKPORTS=(incus-base incus-client)

# The packages among "$@" that are not installed (one dpkg-query for all).
missing() {
    local have
    have=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null | awk '$2 == "installed" { print $1 }') || true
    printf '%s\n' "$@" | grep -vxF -f <(echo "$have") | tr '\n' ' ' || true
}

need_root
base=$(missing "${PACKAGES[@]}")
bpo=$(missing "${BACKPORTS[@]}")
[ -z "$base$bpo" ] && exit 0

if ! grep -q '^ID=debian' /etc/os-release || ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    die "missing packages (${base}${bpo}), and this is not Debian 12: install them by hand"
fi

if [ -n "$bpo" ] && ! grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' >/etc/apt/sources.list.d/containarium-lab-backports.list
fi

# No init system here: keep package scripts from starting daemons (the
# stock sshd on port 22, incusd on /var/lib/incus). Only while we install.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    own_policy=1
fi
trap 'if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi' EXIT

log=$(mktemp /tmp/containarium-lab-install.XXXXXX)
apt_get() {
    if ! DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300 "$@" >>"$log" 2>&1; then
        die "apt-get $* failed; last lines of $log:
$(tail -n 20 "$log")"
    fi
}
apt_get update
# shellcheck disable=SC2086
[ -z "$base" ] || apt_get install --no-install-recommends $base
# shellcheck disable=SC2086
[ -z "$bpo" ] || apt_get install --no-install-recommends -t bookworm-backports $bpo
left=$(missing "${PACKAGES[@]}" "${BACKPORTS[@]}")
[ -z "$left" ] || die "still missing after apt-get: $left (see $log)"
[ -x /usr/libexec/incus/incusd ] || die "incus-base installed but /usr/libexec/incus/incusd is missing"
rm -f "$log"
