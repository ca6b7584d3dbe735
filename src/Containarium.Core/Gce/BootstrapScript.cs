using System.Collections.Generic;
using System.Text;
using Containarium.Core.Containers;
using Containarium.Core.Transport;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// The Incus bootstrap script (embedded resource <c>bootstrap-incus.sh</c>). Parameters travel as quoted
    /// <c>CTR_*</c> variable assignments placed after the shebang line, so the script text itself is a constant.
    /// </summary>
    public static class BootstrapScript
    {
        public static readonly string Text = HostScripts.Load("bootstrap-incus.sh");

        /// <summary>The script with its parameters set, ready for the <c>startup-script</c> metadata item.</summary>
        public static string Render(IEnumerable<KeyValuePair<string, string>> parameters)
        {
            var firstLineEnd = Text.IndexOf('\n');
            var sb = new StringBuilder();
            sb.Append(Text, 0, firstLineEnd + 1);
            foreach (var kv in parameters)
                sb.Append(kv.Key).Append('=').Append(ShellQuote.Quote(kv.Value)).Append('\n');
            sb.Append(Text, firstLineEnd + 1, Text.Length - firstLineEnd - 1);
            return sb.ToString();
        }

        /// <summary>The parameters for a backend VM built from <paramref name="spec"/>.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> ParametersFor(InstanceSpec spec)
        {
            var p = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("CTR_ADMIN_USER", spec.UserName),
                new KeyValuePair<string, string>("CTR_ADMIN_GROUP", spec.AdminGroup),
                new KeyValuePair<string, string>("CTR_STORAGE_DRIVER", spec.EffectiveStorageDriver.ToString().ToLowerInvariant()),
            };
            if (spec.DataDiskSizeGb > 0)
                p.Add(new KeyValuePair<string, string>("CTR_DATA_DEVICE", "/dev/disk/by-id/google-" + InstanceSpec.DataDeviceName));
            if (spec.BoxImage != null)
                p.Add(new KeyValuePair<string, string>("CTR_IMAGE", spec.BoxImage));
            return p;
        }
    }
}
