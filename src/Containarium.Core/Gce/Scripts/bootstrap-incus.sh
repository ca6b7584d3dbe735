#!/bin/sh
# Containarium backend bootstrap: turns a fresh Debian/Ubuntu host into an Incus backend.
# Runs as root, as a GCE startup-script (on every boot) or over SSH; idempotent: a second run changes nothing.
# Parameters (environment, all optional):
#   CTR_ADMIN_USER      account to put in the admin group (waits for the guest agent to create it)
#   CTR_ADMIN_GROUP     group that may use the Incus socket (default incus-admin, the Debian package's group)
#   CTR_DATA_DEVICE     block device for the storage pool (e.g. /dev/disk/by-id/google-incus-data)
#   CTR_STORAGE_DRIVER  btrfs | zfs | dir (default: btrfs with a data device, dir without)
#   CTR_POOL            storage pool name (default "default")
#   CTR_NETWORK         bridge for the default profile (default incusbr0; empty: none)
#   CTR_IMAGE           image to copy when its alias is missing (e.g. images:debian/12; empty: none)
#   CTR_IMAGE_ALIAS     alias for it (default debian12)
set -eu

: "${CTR_ADMIN_USER:=}"
: "${CTR_ADMIN_GROUP:=incus-admin}"
: "${CTR_DATA_DEVICE:=}"
: "${CTR_STORAGE_DRIVER:=}"
: "${CTR_POOL:=default}"
: "${CTR_NETWORK=incusbr0}"
: "${CTR_IMAGE=}"
: "${CTR_IMAGE_ALIAS:=debian12}"

log() {
    echo "containarium-bootstrap: $*"
    logger -t containarium-bootstrap -- "$*" 2>/dev/null || true
}

# incus reads all of stdin when it is not a terminal: never give it ours.
inc() { incus "$@" </dev/null; }

export DEBIAN_FRONTEND=noninteractive

apt_install() {
    # Wait for another apt (unattended upgrades on first boot) to let go of the lock.
    n=0
    while fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1 && [ $n -lt 120 ]; do sleep 2; n=$((n + 1)); done
    apt-get install -y -q "$@" </dev/null
}

# 1. Incus: from the distribution, or from bookworm-backports on Debian 12.
if ! command -v incus >/dev/null 2>&1; then
    . /etc/os-release
    if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
        list=/etc/apt/sources.list.d/containarium-backports.list
        [ -f "$list" ] || echo "deb http://deb.debian.org/debian bookworm-backports main" > "$list"
        apt-get update -q </dev/null
        apt_install -t bookworm-backports incus
    else
        apt-get update -q </dev/null
        apt_install incus
    fi
    log "installed incus $(incus --version 2>/dev/null || echo '?')"
fi

# 2. Storage driver tools.
driver="$CTR_STORAGE_DRIVER"
if [ -z "$driver" ]; then
    if [ -n "$CTR_DATA_DEVICE" ]; then driver=btrfs; else driver=dir; fi
fi
case "$driver" in
    btrfs) command -v mkfs.btrfs >/dev/null 2>&1 || apt_install btrfs-progs ;;
    # zfsutils-linux is in Ubuntu's main archive; on Debian it needs contrib and zfs-dkms (not set up here).
    zfs) command -v zpool >/dev/null 2>&1 || apt_install zfsutils-linux ;;
    dir) ;;
    *) log "unknown storage driver '$driver'"; exit 2 ;;
esac

# 3. The admin group, and the admin account in it once the guest agent has created it.
getent group "$CTR_ADMIN_GROUP" >/dev/null 2>&1 || groupadd --system "$CTR_ADMIN_GROUP"
if [ -n "$CTR_ADMIN_USER" ]; then
    n=0
    while ! id "$CTR_ADMIN_USER" >/dev/null 2>&1 && [ $n -lt 60 ]; do sleep 2; n=$((n + 1)); done
    if id "$CTR_ADMIN_USER" >/dev/null 2>&1; then
        id -nG "$CTR_ADMIN_USER" | tr ' ' '\n' | grep -qx "$CTR_ADMIN_GROUP" || usermod -aG "$CTR_ADMIN_GROUP" "$CTR_ADMIN_USER"
    else
        log "account $CTR_ADMIN_USER does not exist (yet): not added to $CTR_ADMIN_GROUP"
    fi
fi

# 4. The daemon answering.
if command -v systemctl >/dev/null 2>&1; then
    systemctl enable --now incus.socket >/dev/null 2>&1 || true
    systemctl start incus.service >/dev/null 2>&1 || true
fi
n=0
until inc query /1.0 >/dev/null 2>&1; do
    n=$((n + 1))
    if [ $n -gt 60 ]; then log "the Incus daemon does not answer"; exit 3; fi
    sleep 1
done

# 5. Storage pool (btrfs/zfs on the data disk, else dir).
if ! inc storage show "$CTR_POOL" >/dev/null 2>&1; then
    if [ "$driver" = dir ]; then
        inc storage create "$CTR_POOL" dir
    else
        n=0
        while [ ! -b "$CTR_DATA_DEVICE" ] && [ $n -lt 60 ]; do sleep 1; n=$((n + 1)); done
        if [ ! -b "$CTR_DATA_DEVICE" ]; then log "data device $CTR_DATA_DEVICE not present"; exit 4; fi
        inc storage create "$CTR_POOL" "$driver" source="$CTR_DATA_DEVICE"
    fi
    log "created storage pool $CTR_POOL ($driver)"
fi

# 6. Default profile: root disk on the pool, NIC on the bridge.
if ! inc profile device get default root pool >/dev/null 2>&1; then
    inc profile device add default root disk path=/ pool="$CTR_POOL"
fi
if [ -n "$CTR_NETWORK" ]; then
    inc network show "$CTR_NETWORK" >/dev/null 2>&1 || inc network create "$CTR_NETWORK"
    if ! inc profile device get default eth0 network >/dev/null 2>&1; then
        inc profile device add default eth0 nic network="$CTR_NETWORK" name=eth0
    fi
fi

# 7. An image for new boxes (best effort: needs the image server to be reachable).
if [ -n "$CTR_IMAGE" ] && ! inc image alias show "$CTR_IMAGE_ALIAS" >/dev/null 2>&1; then
    inc image copy "$CTR_IMAGE" local: --alias "$CTR_IMAGE_ALIAS" || log "could not copy image $CTR_IMAGE"
fi

mkdir -p /var/lib/containarium
date -u +%Y-%m-%dT%H:%M:%SZ > /var/lib/containarium/bootstrap.done
log "backend ready (pool $CTR_POOL, driver $driver)"
