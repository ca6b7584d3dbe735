using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Model;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// The host key policy, applied per hop under the hop's logical name and port (never the local forward's address):
    /// a pinned fingerprint (target only) is the sole accepted key and is recorded on success; otherwise keys filed in
    /// known_hosts must match; otherwise the key is trusted on first use and recorded. Never prompts.
    /// </summary>
    internal sealed class HostKeyVerifier
    {
        private readonly KnownHostsStore _store;
        private readonly string? _pinnedFingerprint;

        public HostKeyVerifier(KnownHostsStore store, string? pinnedFingerprint)
        {
            _store = store;
            _pinnedFingerprint = string.IsNullOrEmpty(pinnedFingerprint) ? null : pinnedFingerprint;
        }

        /// <summary>Key types already filed for the host, so negotiation can prefer them (as OpenSSH does).</summary>
        public IReadOnlyList<string> RecordedKeyTypes(SshEndpoint endpoint) =>
            _store.GetKeys(endpoint.KnownHostsName).Where(k => !k.IsRevoked).Select(k => k.KeyType).Distinct().ToList();

        /// <summary>Accepts the key (and says how) or throws <see cref="HostKeyMismatchException"/>.</summary>
        public HostKeyResult Verify(SshEndpoint endpoint, string hop, bool isJumpHost, byte[] keyBlob)
        {
            var name = endpoint.KnownHostsName;
            var keyType = HostKeyFingerprint.KeyTypeOf(keyBlob);
            var fingerprint = HostKeyFingerprint.Sha256(keyBlob);
            HostKeyResult Result(HostKeyStatus status) => new HostKeyResult(hop, name, isJumpHost, keyType, fingerprint, status);

            if (!isJumpHost && _pinnedFingerprint != null)
            {
                if (!string.Equals(fingerprint, _pinnedFingerprint, StringComparison.Ordinal))
                    throw new HostKeyMismatchException(hop, _pinnedFingerprint, fingerprint, "pinned fingerprint");
                _store.Add(name, keyBlob);
                return Result(HostKeyStatus.Pinned);
            }

            var filed = _store.GetKeys(name);
            if (filed.Count == 0)
            {
                filed = _store.RecordIfUnknown(name, keyBlob);
                if (filed.Count == 0) return Result(HostKeyStatus.Recorded);
            }
            if (filed.Any(k => k.IsRevoked && k.Matches(keyBlob)))
                throw new HostKeyMismatchException(hop, "a key that is not revoked", fingerprint, $"key list in {_store.Path} (this key is marked @revoked)");
            var valid = filed.Where(k => !k.IsRevoked).ToList();
            if (valid.Any(k => k.Matches(keyBlob))) return Result(HostKeyStatus.Known);
            var expected = string.Join(" or ", valid.Select(k => k.Fingerprint).DefaultIfEmpty("(only revoked keys)"));
            throw new HostKeyMismatchException(hop, expected, fingerprint,
                $"host key recorded for {name} in {_store.Path} (it changed since it was recorded)");
        }
    }
}
