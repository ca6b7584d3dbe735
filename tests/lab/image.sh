#!/bin/bash
# Builds the lab's Debian bookworm box image once and caches it under
# $CTR_LAB_CACHE (default /var/cache/containarium-lab) as an Incus unified
# tarball (metadata.yaml + templates/ + rootfs/).
#
#   image.sh          build if missing (quiet)
#   image.sh --path   same, then print the tarball's path
#
# Two cache levels: the debootstrap result (slow, ~40 s, keyed by suite and
# package list) and the finished image (keyed by this script's content, so
# any change to the recipe below rebuilds it from the cached base).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUITE=bookworm
MIRROR=${CTR_LAB_MIRROR:-http://deb.debian.org/debian}
# minbase already holds passwd (useradd), util-linux (flock), coreutils
# (sha256sum), tar and bash; busybox-static is the init.
INCLUDE=openssh-server,busybox-static,sudo

print_path=0
case "${1:-}" in
    --path) print_path=1 ;;
    "") ;;
    *) die "usage: image.sh [--path]" ;;
esac
need_root
command -v debootstrap >/dev/null || die "debootstrap missing; run install.sh"

base_key=$(printf '%s\n' "$SUITE" minbase "$INCLUDE" "$MIRROR" | sha256sum | cut -c1-12)
image_key=$( { echo "$base_key"; cat "$0"; } | sha256sum | cut -c1-12)
BASE=$LAB_CACHE/base-$SUITE-$base_key.tar
IMAGE=$LAB_CACHE/$LAB_IMAGE_ALIAS-$image_key.tar

if [ -s "$IMAGE" ] && [ -s "$IMAGE.sha256" ]; then
    [ "$print_path" = 1 ] && echo "$IMAGE"
    exit 0
fi

mkdir -p "$LAB_CACHE"
exec 8>>"$LAB_CACHE/.lock"
flock -w 900 8 || die "another image build holds $LAB_CACHE/.lock"

WORK=
cleanup() {
    [ -n "$WORK" ] && [ -d "$WORK" ] || return 0
    # debootstrap may leave /proc, /sys or /dev mounted in the chroot if it
    # failed half-way: unmount (deepest first) before deleting anything.
    findmnt -rn -o TARGET | grep -F "$WORK/" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

build_base() {
    local log=$LAB_CACHE/debootstrap.log t0
    WORK=$(mktemp -d "$LAB_CACHE/build.XXXXXX")
    t0=$(now_ms)
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$WORK/rootfs" "$MIRROR" >"$log" 2>&1; then
        die "debootstrap failed; last lines of $log:
$(tail -n 15 "$log")"
    fi
    tar --numeric-owner -C "$WORK/rootfs" -cf "$BASE.tmp" .
    mv "$BASE.tmp" "$BASE"
    cleanup
    WORK=
    rm -f "$LAB_CACHE"/base-"$SUITE"-*.tar.tmp
    say "base rootfs built in $(( ($(now_ms) - t0) / 1000 )) s"
}

# The box's boot: busybox init runs this once, then keeps sshd running.
write_init() {
    local r=$1
    ln -sf /bin/busybox "$r/sbin/init"
    mkdir -p "$r/etc/lab"
    cat >"$r/etc/lab/boot" <<'EOF'
#!/bin/sh
# sysinit of a lab box (busybox init): runtime dirs, loopback, host key.
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p /run/sshd /run/lock
/bin/busybox ip link set lo up
# Host keys are made at first boot, never baked: every box has its own.
if [ ! -s /etc/ssh/ssh_host_ed25519_key ]; then
    ssh-keygen -q -t ed25519 -N '' -C "$(hostname)" -f /etc/ssh/ssh_host_ed25519_key
fi
EOF
    chmod 0755 "$r/etc/lab/boot"
    cat >"$r/etc/inittab" <<'EOF'
::sysinit:/etc/lab/boot
::respawn:/usr/sbin/sshd -D
EOF
    cat >"$r/etc/ssh/sshd_config.d/lab.conf" <<'EOF'
HostKey /etc/ssh/ssh_host_ed25519_key
PasswordAuthentication no
KbdInteractiveAuthentication no
PrintMotd no
PrintLastLog no
EOF
}

build_image() {
    local r t0
    t0=$(now_ms)
    WORK=$(mktemp -d "$LAB_CACHE/build.XXXXXX")
    r=$WORK/rootfs
    mkdir "$r"
    tar --numeric-owner -C "$r" -xf "$BASE"
    write_init "$r"
    rm -f "$r"/etc/ssh/ssh_host_*
    rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb
    # Incus gives the box its own /dev.
    find "$r/dev" -mindepth 1 -delete
    mkdir -p "$WORK/templates"
    printf '{{ instance.name }}\n' >"$WORK/templates/hostname.tpl"
    cat >"$WORK/templates/hosts.tpl" <<'EOF'
127.0.0.1	localhost
127.0.1.1	{{ instance.name }}
::1	localhost ip6-localhost ip6-loopback
EOF
    cat >"$WORK/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: Debian $SUITE minbase (containarium lab, busybox init + sshd)
  os: debian
  release: $SUITE
  variant: lab-$image_key
templates:
  /etc/hostname:
    when: [create, copy]
    template: hostname.tpl
  /etc/hosts:
    when: [create, copy]
    template: hosts.tpl
EOF
    tar --numeric-owner -C "$WORK" -cf "$IMAGE.tmp" metadata.yaml templates rootfs
    sha256sum "$IMAGE.tmp" | cut -d' ' -f1 >"$IMAGE.sha256.tmp"
    mv "$IMAGE.sha256.tmp" "$IMAGE.sha256"
    mv "$IMAGE.tmp" "$IMAGE"
    say "image $IMAGE built in $(( ($(now_ms) - t0) / 1000 )) s"
}

# Another run may have built it while we waited for the lock.
if [ ! -s "$IMAGE" ] || [ ! -s "$IMAGE.sha256" ]; then
    [ -s "$BASE" ] || build_base
    build_image
    # Older builds of the recipe are of no further use.
    for old in "$LAB_CACHE/$LAB_IMAGE_ALIAS"-*.tar "$LAB_CACHE"/base-*.tar; do
        case "$old" in "$IMAGE" | "$BASE") continue ;; esac
        [ -e "$old" ] && rm -f "$old" "$old.sha256"
    done
fi
[ "$print_path" = 1 ] && echo "$IMAGE"
exit 0
