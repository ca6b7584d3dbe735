using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace Containarium.Core.Bootstrap
{
    /// <summary>
    /// An Incus image on the admin's machine: one unified tarball, or a metadata tarball plus a rootfs (squashfs or
    /// tarball). Its fingerprint is what Incus computes: sha256 of the unified file, or of metadata then rootfs.
    /// Knowing it up front lets a re-run see that the host already has this image without uploading anything.
    /// </summary>
    public sealed class LocalImage
    {
        private LocalImage(string metadata, string? rootfs, string fingerprint)
        {
            MetadataPath = metadata;
            RootfsPath = rootfs;
            Fingerprint = fingerprint;
        }

        public string MetadataPath { get; }
        public string? RootfsPath { get; }
        public string Fingerprint { get; }
        public long Length => new FileInfo(MetadataPath).Length + (RootfsPath == null ? 0 : new FileInfo(RootfsPath).Length);

        public IEnumerable<string> Files => RootfsPath == null ? new[] { MetadataPath } : new[] { MetadataPath, RootfsPath };

        /// <summary>Reads the files once to fingerprint them; throws FileNotFoundException / ArgumentException.</summary>
        public static LocalImage Open(IReadOnlyList<string> paths)
        {
            if (paths.Count < 1 || paths.Count > 2)
                throw new ArgumentException("-ImagePath takes one unified image tarball, or the metadata tarball and the rootfs of a split image.");
            foreach (var p in paths)
                if (!File.Exists(p)) throw new FileNotFoundException($"Image file '{p}' does not exist.", p);
            using var sha = SHA256.Create();
            var buffer = new byte[1 << 20];
            foreach (var p in paths)
            {
                using var f = File.OpenRead(p);
                int n;
                while ((n = f.Read(buffer, 0, buffer.Length)) > 0) sha.TransformBlock(buffer, 0, n, null, 0);
            }
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            var hex = string.Concat(sha.Hash!.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            return new LocalImage(paths[0], paths.Count == 2 ? paths[1] : null, hex);
        }
    }
}
