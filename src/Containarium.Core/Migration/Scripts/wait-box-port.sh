# Runs on the host that holds a box's SSH proxy: waits (up to 15 s) until 127.0.0.1:$1 answers with an SSH banner,
# so the user's first login after a move or restore does not race the proxy's start (Incus checks it once a second).
# Exit 0: the box's sshd answers through the proxy, or bash (for /dev/tcp) is missing and nothing can be checked.
set -u
port=$1
command -v bash >/dev/null 2>&1 || exit 0
i=0
while [ "$i" -lt 75 ]; do
  banner=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 4 <&3' probe "$port" 2>/dev/null) && [ "$banner" = SSH- ] && exit 0
  sleep 0.2
  i=$((i + 1))
done
exit 1
