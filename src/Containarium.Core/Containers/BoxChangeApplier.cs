using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Applies a <see cref="BoxChange"/> to one box. Key edits are read and checked first, so a refused edit changes
    /// nothing; then limits and team (one PATCH, live), the root disk, and the keys (box, entry hosts, recorded fingerprints).
    /// </summary>
    public static class BoxChangeApplier
    {
        public static async Task ApplyAsync(BoxService service, BoxInfo box, BoxChange change, CancellationToken ct)
        {
            (System.Collections.Generic.IReadOnlyList<string> Lines, System.Collections.Generic.IReadOnlyList<string> Keys, System.Collections.Generic.IReadOnlyList<string> Fingerprints)? keys = null;
            if (change.EditsKeys)
            {
                var current = await service.ReadKeysAsync(box, ct).ConfigureAwait(false);
                keys = BoxKeyEdit.Apply(box.Name, current, change);
            }
            var patch = change.ConfigPatch();
            if (patch.Count > 0) await service.UpdateConfigAsync(box.Name, patch, ct).ConfigureAwait(false);
            if (change.Disk.HasValue) await service.ResizeDiskAsync(box.Name, change.Disk.Value.IncusValue, ct).ConfigureAwait(false);
            if (keys.HasValue) await service.ReplaceKeysAsync(box, keys.Value.Lines, keys.Value.Keys, keys.Value.Fingerprints, ct).ConfigureAwait(false);
        }
    }
}
