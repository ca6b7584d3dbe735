#!/bin/sh
# Containarium backend bootstrap: turns a Debian/Ubuntu host into an Incus backend.
# Runs as root: as a GCE startup-script (on every boot), or from Initialize-CtrBackend over SSH (this text on
# stdin of `sudo -n sh -s`, parameters as quoted assignments right after the first line).
# Idempotent: a step whose result is already in place is reported Unchanged and left alone.
# Parameters (all optional):
#   CTR_MODE            apply (default) | plan (report what apply would change; change nothing)
#   CTR_ADMIN_USER      account to put in the admin group
#   CTR_ADMIN_WAIT      seconds to wait for that account to appear (the GCE guest agent creates it; default 120)
#   CTR_ADMIN_GROUP     group that may use the Incus socket (default incus-admin, the Debian package's group)
#   CTR_DATA_DEVICE     block device for the storage pool (e.g. /dev/disk/by-id/google-incus-data)
#   CTR_STORAGE_DRIVER  btrfs | zfs | dir (default: btrfs with a data device, dir without)
#   CTR_STORAGE_SIZE    btrfs/zfs without a device: size of the loop file Incus creates (e.g. 8GiB; empty: Incus's default)
#   CTR_POOL            storage pool name (default "default")
#   CTR_NETWORK         bridge for the default profile (default incusbr0; empty: none)
#   CTR_IMAGE           remote image to copy when its alias is missing (e.g. images:debian/12; empty: none)
#   CTR_IMAGE_ALIAS     alias of the box image (default debian12)
#   CTR_IMAGE_FINGERPRINT  sha256 of a local image the caller provides (Initialize-CtrBackend -ImagePath)
#   CTR_IMAGE_DIR       where the caller uploaded that image: meta (unified tarball or metadata) and, if split, rootfs
#   CTR_OS_RELEASE      os-release file that decides how Incus is installed (default /etc/os-release)
# Output: one line per step on stdout, "ctr-step<TAB>STEP<TAB>Changed|Unchanged|Pending<TAB>DETAIL" (Pending: plan
# mode only); notes go to stderr. Exit codes: 2 bad parameter, 3 daemon does not answer, 4 data device missing,
# 5 no way to install Incus on this OS, 6 image import failed.
set -eu

: "${CTR_MODE:=apply}"
: "${CTR_ADMIN_USER:=}"
: "${CTR_ADMIN_WAIT:=120}"
: "${CTR_ADMIN_GROUP:=incus-admin}"
: "${CTR_DATA_DEVICE:=}"
: "${CTR_STORAGE_DRIVER:=}"
: "${CTR_STORAGE_SIZE:=}"
: "${CTR_POOL:=default}"
: "${CTR_NETWORK=incusbr0}"
: "${CTR_IMAGE=}"
: "${CTR_IMAGE_ALIAS:=debian12}"
: "${CTR_IMAGE_FINGERPRINT:=}"
: "${CTR_IMAGE_DIR:=}"
: "${CTR_OS_RELEASE:=/etc/os-release}"

log() {
    echo "containarium-bootstrap: $*" >&2
    logger -t containarium-bootstrap -- "$*" 2>/dev/null || true
}

changed=0
# step NAME STATUS DETAIL: the one line per step the caller parses.
step() {
    printf 'ctr-step\t%s\t%s\t%s\n' "$1" "$2" "$3"
    [ "$2" != Changed ] || changed=$((changed + 1))
}
plan() { [ "$CTR_MODE" = plan ]; }

case "$CTR_MODE" in plan | apply) ;; *) log "unknown mode '$CTR_MODE'"; exit 2 ;; esac

# incus reads all of stdin when it is not a terminal: never give it ours (over SSH, ours is this script).
inc() { incus "$@" </dev/null; }

export DEBIAN_FRONTEND=noninteractive

apt_install() {
    # Wait for another apt (unattended upgrades on first boot) to let go of the lock.
    n=0
    while fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1 && [ $n -lt 120 ]; do sleep 2; n=$((n + 1)); done
    apt-get install -y -q "$@" </dev/null >&2
}

# How Incus gets installed here: "backports" (Debian 12), "distro" (Ubuntu, later Debian), else nothing.
install_source() {
    ID= VERSION_CODENAME=
    [ -r "$CTR_OS_RELEASE" ] && . "$CTR_OS_RELEASE"
    case "${ID:-}:${VERSION_CODENAME:-}" in
        debian:bookworm) echo backports ;;
        debian:bullseye | debian:buster) ;;
        debian:* | ubuntu:*) echo distro ;;
    esac
}

# 1. Incus: from the distribution, or from bookworm-backports on Debian 12.
incus_ready=1
if command -v incus >/dev/null 2>&1; then
    step incus Unchanged "incus $(inc --version 2>/dev/null || echo '?') is installed"
else
    src=$(install_source)
    if [ -z "$src" ]; then
        log "no Incus package for this OS ($(. "$CTR_OS_RELEASE" 2>/dev/null; echo "${PRETTY_NAME:-unknown}")): install it by hand"
        exit 5
    fi
    what="install incus from the distribution"
    [ "$src" = distro ] || what="install incus from bookworm-backports"
    if plan; then
        step incus Pending "$what"
        incus_ready=0
    else
        if [ "$src" = backports ]; then
            list=/etc/apt/sources.list.d/containarium-backports.list
            [ -f "$list" ] || echo "deb http://deb.debian.org/debian bookworm-backports main" > "$list"
            apt-get update -q </dev/null >&2
            apt_install -t bookworm-backports incus
        else
            apt-get update -q </dev/null >&2
            apt_install incus
        fi
        step incus Changed "installed incus $(inc --version 2>/dev/null || echo '?') ($src)"
    fi
fi

# 2. Storage driver tools.
driver="$CTR_STORAGE_DRIVER"
if [ -z "$driver" ]; then
    if [ -n "$CTR_DATA_DEVICE" ]; then driver=btrfs; else driver=dir; fi
fi
case "$driver" in
    btrfs) tool=mkfs.btrfs pkg=btrfs-progs ;;
    # zfsutils-linux is in Ubuntu's main archive; on Debian it needs contrib and zfs-dkms (not set up here).
    zfs) tool=zpool pkg=zfsutils-linux ;;
    dir) tool= pkg= ;;
    *) log "unknown storage driver '$driver'"; exit 2 ;;
esac
if [ -z "$tool" ]; then
    step storage-tools Unchanged "the dir driver needs no tools"
elif command -v "$tool" >/dev/null 2>&1; then
    step storage-tools Unchanged "$pkg is installed"
elif plan; then
    step storage-tools Pending "install $pkg"
else
    apt_install "$pkg"
    step storage-tools Changed "installed $pkg"
fi

# 3. The admin group, and the admin account in it (on GCE once the guest agent has created it).
todo= did=
if ! getent group "$CTR_ADMIN_GROUP" >/dev/null 2>&1; then
    plan || groupadd --system "$CTR_ADMIN_GROUP"
    todo="create group $CTR_ADMIN_GROUP" did="created group $CTR_ADMIN_GROUP"
fi
if [ -n "$CTR_ADMIN_USER" ]; then
    n=0
    while ! id "$CTR_ADMIN_USER" >/dev/null 2>&1 && [ $n -lt "$CTR_ADMIN_WAIT" ]; do sleep 2; n=$((n + 2)); done
    if ! id "$CTR_ADMIN_USER" >/dev/null 2>&1; then
        log "account $CTR_ADMIN_USER does not exist (yet): not added to $CTR_ADMIN_GROUP"
    elif ! id -nG "$CTR_ADMIN_USER" | tr ' ' '\n' | grep -qx "$CTR_ADMIN_GROUP"; then
        plan || usermod -aG "$CTR_ADMIN_GROUP" "$CTR_ADMIN_USER"
        todo="${todo:+$todo; }add $CTR_ADMIN_USER to $CTR_ADMIN_GROUP"
        did="${did:+$did; }added $CTR_ADMIN_USER to $CTR_ADMIN_GROUP (new logins get the group)"
    fi
fi
if [ -z "$todo" ]; then
    step admin-group Unchanged "group $CTR_ADMIN_GROUP exists${CTR_ADMIN_USER:+, $CTR_ADMIN_USER is a member}"
elif plan; then
    step admin-group Pending "$todo"
else
    step admin-group Changed "$did"
fi

# 4. The daemon answering.
if [ "$incus_ready" = 1 ] && inc query /1.0 >/dev/null 2>&1; then
    step daemon Unchanged "the Incus daemon answers"
elif plan; then
    step daemon Pending "start the Incus daemon and wait until it answers"
    incus_ready=0
else
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
    step daemon Changed "started the Incus daemon"
fi

# In plan mode, the steps after an install or a daemon start cannot be checked yet: they are all to do.
later() { step "$1" Pending "$2 (once Incus runs)"; }

# 5. Storage pool (btrfs/zfs on the data disk or a loop file, else dir).
if [ -n "$CTR_DATA_DEVICE" ]; then how="$driver on $CTR_DATA_DEVICE"
elif [ "$driver" = dir ]; then how=dir
else how="$driver on a loop file${CTR_STORAGE_SIZE:+ of $CTR_STORAGE_SIZE}"; fi
if [ "$incus_ready" = 0 ]; then
    later storage-pool "create pool $CTR_POOL ($how)"
elif inc storage show "$CTR_POOL" >/dev/null 2>&1; then
    have=$(inc query "/1.0/storage-pools/$CTR_POOL" | sed -n 's/^[[:space:]]*"driver": "\([a-z]*\)".*/\1/p')
    step storage-pool Unchanged "pool $CTR_POOL exists (${have:-?})"
elif plan; then
    step storage-pool Pending "create pool $CTR_POOL ($how)"
else
    if [ -n "$CTR_DATA_DEVICE" ]; then
        n=0
        while [ ! -b "$CTR_DATA_DEVICE" ] && [ $n -lt 60 ]; do sleep 1; n=$((n + 1)); done
        if [ ! -b "$CTR_DATA_DEVICE" ]; then log "data device $CTR_DATA_DEVICE not present"; exit 4; fi
        inc storage create "$CTR_POOL" "$driver" source="$CTR_DATA_DEVICE" >&2
    elif [ "$driver" = dir ] || [ -z "$CTR_STORAGE_SIZE" ]; then
        inc storage create "$CTR_POOL" "$driver" >&2
    else
        inc storage create "$CTR_POOL" "$driver" size="$CTR_STORAGE_SIZE" >&2
    fi
    step storage-pool Changed "created pool $CTR_POOL ($how)"
fi

# 6. Default profile: root disk on the pool (and a NIC on the bridge, when one is wanted).
if [ "$incus_ready" = 0 ]; then
    later profile "add a root disk on pool $CTR_POOL to the default profile"
elif root=$(inc profile device get default root pool 2>/dev/null); then
    step profile Unchanged "the default profile has a root disk on pool $root"
elif plan; then
    step profile Pending "add a root disk on pool $CTR_POOL to the default profile"
else
    inc profile device add default root disk path=/ pool="$CTR_POOL" >&2
    step profile Changed "added a root disk on pool $CTR_POOL to the default profile"
fi
if [ -n "$CTR_NETWORK" ]; then
    if [ "$incus_ready" = 0 ]; then
        later network "create bridge $CTR_NETWORK and a NIC on it in the default profile"
    elif inc network show "$CTR_NETWORK" >/dev/null 2>&1 && inc profile device get default eth0 network >/dev/null 2>&1; then
        step network Unchanged "bridge $CTR_NETWORK and the profile's NIC exist"
    elif plan; then
        step network Pending "create bridge $CTR_NETWORK and a NIC on it in the default profile"
    else
        inc network show "$CTR_NETWORK" >/dev/null 2>&1 || inc network create "$CTR_NETWORK" >&2
        if ! inc profile device get default eth0 network >/dev/null 2>&1; then
            inc profile device add default eth0 nic network="$CTR_NETWORK" name=eth0 >&2
        fi
        step network Changed "bridge $CTR_NETWORK with a NIC in the default profile"
    fi
fi

# 7. An image for new boxes: a local one the caller uploaded, or a copy from an image server (best effort).
alias_target() { inc query "/1.0/images/aliases/$CTR_IMAGE_ALIAS" 2>/dev/null | sed -n 's/^[[:space:]]*"target": "\([0-9a-f]*\)".*/\1/p'; }
if [ -n "$CTR_IMAGE_FINGERPRINT" ]; then
    short=$(echo "$CTR_IMAGE_FINGERPRINT" | cut -c1-12)
    if [ "$incus_ready" = 0 ]; then
        later image "import image $short as $CTR_IMAGE_ALIAS"
    elif [ "$(alias_target)" = "$CTR_IMAGE_FINGERPRINT" ]; then
        step image Unchanged "$CTR_IMAGE_ALIAS is image $short"
    elif plan; then
        step image Pending "import image $short as $CTR_IMAGE_ALIAS"
    else
        if ! inc query "/1.0/images/$CTR_IMAGE_FINGERPRINT" >/dev/null 2>&1; then
            if [ -z "$CTR_IMAGE_DIR" ] || [ ! -f "$CTR_IMAGE_DIR/meta" ]; then log "image $short was not uploaded"; exit 6; fi
            if [ -f "$CTR_IMAGE_DIR/rootfs" ]; then
                inc image import "$CTR_IMAGE_DIR/meta" "$CTR_IMAGE_DIR/rootfs" -q >&2 || { log "importing image $short failed"; exit 6; }
            else
                inc image import "$CTR_IMAGE_DIR/meta" -q >&2 || { log "importing image $short failed"; exit 6; }
            fi
            inc query "/1.0/images/$CTR_IMAGE_FINGERPRINT" >/dev/null 2>&1 || { log "the imported image is not $short"; exit 6; }
        fi
        [ -z "$(alias_target)" ] || inc image alias delete "$CTR_IMAGE_ALIAS" >&2
        inc image alias create "$CTR_IMAGE_ALIAS" "$CTR_IMAGE_FINGERPRINT" >&2
        step image Changed "imported image $short as $CTR_IMAGE_ALIAS"
    fi
elif [ -n "$CTR_IMAGE" ]; then
    if [ "$incus_ready" = 0 ]; then
        later image "copy $CTR_IMAGE as $CTR_IMAGE_ALIAS"
    elif [ -n "$(alias_target)" ]; then
        step image Unchanged "$CTR_IMAGE_ALIAS exists"
    elif plan; then
        step image Pending "copy $CTR_IMAGE as $CTR_IMAGE_ALIAS"
    elif inc image copy "$CTR_IMAGE" local: --alias "$CTR_IMAGE_ALIAS" >&2; then
        step image Changed "copied $CTR_IMAGE as $CTR_IMAGE_ALIAS"
    else
        log "could not copy image $CTR_IMAGE"
        step image Unchanged "could not copy $CTR_IMAGE (image server unreachable?)"
    fi
fi

plan && exit 0
if [ "$changed" -gt 0 ] || [ ! -f /var/lib/containarium/bootstrap.done ]; then
    mkdir -p /var/lib/containarium
    date -u +%Y-%m-%dT%H:%M:%SZ > /var/lib/containarium/bootstrap.done
fi
log "backend ready (pool $CTR_POOL, driver $driver, $changed steps changed)"
