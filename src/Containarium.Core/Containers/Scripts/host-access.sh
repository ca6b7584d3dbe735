# Runs on an entry host (a backend or a jump host) through `sudo -n`: maintains the user's tunnel-only
# account. $1 = add|remove, $2 = user, $3 = fragment name (<box>.<role>). For add, stdin holds lines
# "<host:port><TAB><public key>": the targets this key may open a tunnel to from this host.
# authorized_keys is regenerated from per-box fragments, one line per distinct key with the union of its
# permitted targets, so a user with several boxes (or a lab where hosts share accounts) keeps every path.
set -eu
action=$1
user=$2
fragment=$3
marker=containarium
exec 9>>/var/lock/containarium-accounts.lock
flock -w 60 9
if getent passwd "$user" >/dev/null 2>&1; then
  gecos=$(getent passwd "$user" | cut -d: -f5)
  [ "$gecos" = "$marker" ] || { echo "host account '$user' exists and is not managed by Containarium" >&2; exit 65; }
elif [ "$action" = add ]; then
  # No subordinate id range: Incus reserves most of it and useradd would fail after ~13 accounts.
  useradd -m -s /usr/sbin/nologin -c "$marker" -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$user"
  usermod -p '*' "$user"
else
  exit 0
fi
home=$(getent passwd "$user" | cut -d: -f6)
group=$(id -gn "$user")
install -d -m 755 -o "$user" -g "$group" "$home/.ssh"
install -d -m 700 "$home/.ssh/containarium.d"
dir="$home/.ssh/containarium.d"
case "$action" in
  add)
    cat >"$dir/.$fragment.tmp"
    [ -s "$dir/.$fragment.tmp" ] || { rm -f "$dir/.$fragment.tmp"; echo "no access line received" >&2; exit 65; }
    mv -f "$dir/.$fragment.tmp" "$dir/$fragment" ;;
  remove)
    rm -f "$dir/$fragment" ;;
  *) echo "unknown action $action" >&2; exit 64 ;;
esac
tmp=$(mktemp "$home/.ssh/.authorized_keys.XXXXXX")
for f in "$dir"/*; do [ -f "$f" ] && cat "$f"; done | awk -F '\t' '
  NF == 2 {
    if (!($2 in permits)) { order[++n] = $2; permits[$2] = $1 }
    else if (index("," permits[$2] ",", "," $1 ",") == 0) permits[$2] = permits[$2] "," $1
  }
  END {
    for (i = 1; i <= n; i++) {
      key = order[i]; m = split(permits[key], p, ","); opts = "restrict,port-forwarding"
      for (j = 1; j <= m; j++) opts = opts ",permitopen=\"" p[j] "\""
      print opts " " key
    }
  }' >"$tmp"
chown "$user:$group" "$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$home/.ssh/authorized_keys"
if [ "$action" = remove ] && [ ! -s "$home/.ssh/authorized_keys" ]; then
  pkill -KILL -u "$user" 2>/dev/null || true
  userdel -r "$user" 2>/dev/null || userdel "$user"
fi
