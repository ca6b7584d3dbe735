# Runs inside a box as root: creates (or keeps) the owner's account and installs the authorised keys read
# from stdin. $1 = user name (validated by the module before it gets here).
set -eu
user=$1
shell=/bin/sh
[ -x /bin/bash ] && shell=/bin/bash
if ! id -u "$user" >/dev/null 2>&1; then
  useradd -m -s "$shell" -c containarium -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$user"
fi
# '*' (not '!') so key-only logins also work where sshd runs without PAM.
usermod -p '*' "$user"
home=$(getent passwd "$user" | cut -d: -f6)
group=$(id -gn "$user")
install -d -m 700 -o "$user" -g "$group" "$home/.ssh"
tmp=$(mktemp "$home/.ssh/.authorized_keys.XXXXXX")
cat >"$tmp"
[ -s "$tmp" ] || { rm -f "$tmp"; echo "no key received for $user" >&2; exit 65; }
chown "$user:$group" "$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$home/.ssh/authorized_keys"
if [ -d /etc/sudoers.d ]; then
  printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$user" >"/etc/sudoers.d/containarium-$user"
  chmod 440 "/etc/sudoers.d/containarium-$user"
fi
# The box counts as ready when its sshd runs; give a booting box a few seconds.
i=0
while [ ! -e /run/sshd.pid ] && [ "$i" -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -e /run/sshd.pid ] || { echo "sshd is not running in the box" >&2; exit 69; }
