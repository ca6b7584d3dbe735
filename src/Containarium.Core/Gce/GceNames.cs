using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Exact Compute Engine naming rules, checked before a request is built.
    /// Sources: compute.v1 discovery document (googleapis/google-api-dotnet-client DiscoveryJson/compute.v1.json,
    /// revision 20260908): <c>Instance.name</c> pattern <c>[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?</c>, the same pattern on
    /// <c>Tags.items</c>, <c>Metadata.items.key</c> pattern <c>[a-zA-Z0-9-_]{1,128}</c>, value ≤ 262144 bytes, all
    /// items &lt; 512 KB; label rules from Resource Manager (keys 1-63, start with a lower-case letter, lower-case
    /// letters, digits, '_' and '-'; values 0-63 of the same set; at most 64 labels).
    /// </summary>
    public static class GceNames
    {
        private static readonly Regex Rfc1035 = new Regex("^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex Project = new Regex("^(?:[a-z][a-z0-9.-]{0,61}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex Zone = new Regex("^[a-z]+-[a-z]+[0-9]+-[a-z0-9]{1,8}$", RegexOptions.CultureInvariant);
        private static readonly Regex MachineType = new Regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex LabelKey = new Regex("^[a-z][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly Regex LabelValue = new Regex("^[a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
        private static readonly Regex MetadataKey = new Regex("^[a-zA-Z0-9_-]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex ImagePath = new Regex("^(?:projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/)?global/images/(?:family/)?[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex DiskType = new Regex("^(?:pd-standard|pd-balanced|pd-ssd|pd-extreme|hyperdisk-[a-z-]+)$", RegexOptions.CultureInvariant);

        public const int MaxLabels = 64;
        public const int MaxMetadataValueBytes = 262144;
        public const int MaxMetadataTotalBytes = 512 * 1024;

        public static bool IsResourceName(string? s) => s != null && Rfc1035.IsMatch(s);
        public static bool IsProject(string? s) => s != null && Project.IsMatch(s);
        public static bool IsZone(string? s) => s != null && Zone.IsMatch(s);
        public static bool IsLabelKey(string? s) => s != null && LabelKey.IsMatch(s);
        public static bool IsLabelValue(string? s) => s != null && LabelValue.IsMatch(s);
        public static bool IsMetadataKey(string? s) => s != null && MetadataKey.IsMatch(s);

        public static void EnsureResourceName(string? s, string what)
        {
            if (!IsResourceName(s))
                throw new ArgumentException($"{what} '{s}' is invalid: Compute Engine names are 1-63 lower-case letters, digits and '-', start with a letter and do not end with '-'.");
        }

        public static void EnsureProject(string? s)
        {
            if (!IsProject(s))
                throw new ArgumentException($"Project ID '{s}' is invalid: 6-30 lower-case letters, digits and '-', starting with a letter.");
        }

        public static void EnsureZone(string? s)
        {
            if (!IsZone(s))
                throw new ArgumentException($"Zone '{s}' is invalid: expected a zone name such as 'us-central1-a'.");
        }

        public static void EnsureMachineType(string? s)
        {
            if (s == null || !MachineType.IsMatch(s))
                throw new ArgumentException($"Machine type '{s}' is invalid: expected a name such as 'e2-standard-4' or 'custom-4-8192'.");
        }

        public static void EnsureImage(string? s)
        {
            if (s == null || !ImagePath.IsMatch(s))
                throw new ArgumentException($"Image '{s}' is invalid: expected 'projects/P/global/images/family/F', 'projects/P/global/images/NAME' or 'global/images/…'.");
        }

        public static void EnsureDiskType(string? s)
        {
            if (s == null || !DiskType.IsMatch(s))
                throw new ArgumentException($"Disk type '{s}' is invalid: expected pd-standard, pd-balanced, pd-ssd, pd-extreme or a hyperdisk type.");
        }

        public static void EnsureLabels(IDictionary<string, string> labels)
        {
            if (labels.Count > MaxLabels)
                throw new ArgumentException($"Too many labels ({labels.Count}): Compute Engine allows {MaxLabels}.");
            foreach (var kv in labels)
            {
                if (!IsLabelKey(kv.Key))
                    throw new ArgumentException($"Label key '{kv.Key}' is invalid: 1-63 lower-case letters, digits, '_' or '-', starting with a letter.");
                if (!IsLabelValue(kv.Value))
                    throw new ArgumentException($"Label value '{kv.Value}' (key '{kv.Key}') is invalid: 0-63 lower-case letters, digits, '_' or '-'.");
            }
        }

        /// <summary>The region of a zone: "us-central1-a" → "us-central1".</summary>
        public static string RegionOf(string zone)
        {
            EnsureZone(zone);
            return zone.Substring(0, zone.LastIndexOf('-'));
        }

        /// <summary>The last path segment of a (partial or full) resource URL; "" for null.</summary>
        public static string LastSegment(string? url)
        {
            if (string.IsNullOrEmpty(url)) return "";
            var i = url!.LastIndexOf('/');
            return i < 0 ? url : url.Substring(i + 1);
        }

        /// <summary>A network given as a name or partial URL → partial URL "global/networks/NAME" (or the projects/… form).</summary>
        public static string NetworkPath(string network)
        {
            if (IsResourceName(network)) return "global/networks/" + network;
            var m = Regex.Match(network, "^(projects/([^/]+)/)?global/networks/([^/]+)$", RegexOptions.CultureInvariant);
            if (m.Success && (!m.Groups[1].Success || IsProject(m.Groups[2].Value)) && IsResourceName(m.Groups[3].Value))
                return network;
            throw new ArgumentException($"Network '{network}' is invalid: give a network name or 'global/networks/NAME'.");
        }

        /// <summary>A subnetwork given as a name (region taken from the zone) or partial URL → "regions/R/subnetworks/NAME".</summary>
        public static string SubnetworkPath(string subnetwork, string zone)
        {
            if (IsResourceName(subnetwork)) return $"regions/{RegionOf(zone)}/subnetworks/{subnetwork}";
            var m = Regex.Match(subnetwork, "^(projects/([^/]+)/)?regions/([^/]+)/subnetworks/([^/]+)$", RegexOptions.CultureInvariant);
            if (m.Success && (!m.Groups[1].Success || IsProject(m.Groups[2].Value)) && IsResourceName(m.Groups[3].Value) && IsResourceName(m.Groups[4].Value))
                return subnetwork;
            throw new ArgumentException($"Subnetwork '{subnetwork}' is invalid: give a subnetwork name or 'regions/REGION/subnetworks/NAME'.");
        }
    }
}
