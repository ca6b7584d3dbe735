using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Containers
{
    /// <summary>Applies key additions and removals to a box's authorized_keys lines without losing lines it cannot read.</summary>
    public static class BoxKeyEdit
    {
        /// <summary>The edit refused against the fingerprints present, or null when it may proceed.</summary>
        public static BoxKeyEditException? Check(string box, IReadOnlyCollection<string> present, BoxChange change)
        {
            var missing = change.RemoveFingerprints.Where(f => !present.Contains(f)).ToList();
            if (missing.Count > 0)
                return new BoxKeyEditException(BoxKeyProblem.NotFound, $"Box '{box}' has no authorised key {string.Join(", ", missing)}; nothing was changed.");
            var remaining = present.Where(f => !change.RemoveFingerprints.Contains(f))
                .Concat(change.AddKeys.Select(k => k.Fingerprint)).Distinct().Count();
            if (remaining == 0)
                return new BoxKeyEditException(BoxKeyProblem.LastKey, $"Removing {string.Join(", ", change.RemoveFingerprints)} would leave box '{box}' without any key, locking its owner out; add the new key in the same call (-AddSshPublicKey). Nothing was changed.");
            return null;
        }

        /// <summary>
        /// The new authorized_keys lines (unparseable lines are kept as they are), the valid keys among them and their
        /// fingerprints. Throws <see cref="BoxKeyEditException"/> when the edit is impossible.
        /// </summary>
        public static (IReadOnlyList<string> Lines, IReadOnlyList<string> Keys, IReadOnlyList<string> Fingerprints) Apply(string box, IReadOnlyList<string> current, BoxChange change)
        {
            var parsed = current.Select(l => (Line: l, Key: SshPublicKey.TryParse(l, out var k, out _) ? k : null)).ToList();
            var problem = Check(box, parsed.Where(p => p.Key != null).Select(p => p.Key!.Fingerprint).Distinct().ToList(), change);
            if (problem != null) throw problem;
            var kept = parsed.Where(p => p.Key == null || !change.RemoveFingerprints.Contains(p.Key.Fingerprint)).ToList();
            var keys = kept.Where(p => p.Key != null).Select(p => p.Key!).ToList();
            var lines = kept.Select(p => p.Line).ToList();
            foreach (var add in change.AddKeys.Where(k => !keys.Contains(k)))
            {
                keys.Add(add);
                lines.Add(add.Canonical);
            }
            return (lines, keys.Select(k => k.Canonical).ToList(), keys.Select(k => k.Fingerprint).ToList());
        }
    }
}
