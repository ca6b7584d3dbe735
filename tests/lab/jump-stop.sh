#!/bin/bash
# Stops the jump sshd (and its sessions): backends behind it become unreachable.
set -euo pipefail
exec "$(dirname "$0")/sshd.sh" stop jump
