using System;
using System.IO;
using System.Linq;
using Containarium.Core.Bootstrap;
using Containarium.Core.Tests.Support;
using Xunit;

namespace Containarium.Core.Tests.Bootstrap
{
    public sealed class BootstrapModelTests
    {
        [Fact]
        public void Step_lines_are_parsed_and_other_output_ignored()
        {
            var steps = BootstrapStep.Parse("apt noise\nctr-step\tincus\tUnchanged\tincus 6.0.4 is installed\r\nctr-step\tprofile\tChanged\tadded a root disk\twith a tab\n");
            Assert.Equal(2, steps.Count);
            Assert.Equal(("incus", BootstrapStatus.Unchanged), (steps[0].Step, steps[0].Status));
            Assert.Equal("added a root disk\twith a tab", steps[1].Detail);
            Assert.Throws<FormatException>(() => BootstrapStep.Parse("ctr-step\tx\tMaybe\ty\n"));
        }

        [Theory]
        [InlineData(nameof(BootstrapOptions.StorageDriver), "ext4")]
        [InlineData(nameof(BootstrapOptions.StorageSource), "/dev/sdb; reboot")]
        [InlineData(nameof(BootstrapOptions.StorageSource), "/dev/../etc/passwd")]
        [InlineData(nameof(BootstrapOptions.StorageSource), "sdb")]
        [InlineData(nameof(BootstrapOptions.StorageSize), "lots")]
        [InlineData(nameof(BootstrapOptions.StorageSize), "10MiB")]
        [InlineData(nameof(BootstrapOptions.StoragePool), "my pool")]
        [InlineData(nameof(BootstrapOptions.StoragePool), "$(reboot)")]
        [InlineData(nameof(BootstrapOptions.AdminGroup), "Admins!")]
        [InlineData(nameof(BootstrapOptions.ImageAlias), "images:debian/12")]
        [InlineData(nameof(BootstrapOptions.ImageAlias), "a b")]
        public void Bad_values_are_problems(string property, string value)
        {
            var o = new BootstrapOptions { StorageDriver = "btrfs" };
            typeof(BootstrapOptions).GetProperty(property)!.SetValue(o, value);
            Assert.NotEmpty(o.Problems());
        }

        [Fact]
        public void Source_and_size_only_go_with_drivers_that_use_them()
        {
            Assert.NotEmpty(new BootstrapOptions { StorageDriver = "dir", StorageSource = "/dev/sdb" }.Problems());
            Assert.NotEmpty(new BootstrapOptions { StorageDriver = "btrfs", StorageSource = "/dev/sdb", StorageSize = "8GiB" }.Problems());
            Assert.Empty(new BootstrapOptions { StorageDriver = "zfs", StorageSource = "/dev/disk/by-id/google-incus-data" }.Problems());
            Assert.Empty(new BootstrapOptions { StorageDriver = "btrfs", StorageSize = "8GiB" }.Problems());
            Assert.Empty(new BootstrapOptions().Problems());
        }

        [Fact]
        public void Parameters_are_quoted_into_the_script_and_the_size_normalised()
        {
            var o = new BootstrapOptions { StorageDriver = "btrfs", StorageSize = "8g", AdminUser = "adm" };
            var script = BackendBootstrapper.Script(o.ScriptParameters(plan: true, uploadedImageDirectory: null));
            Assert.StartsWith("#!/bin/sh\nCTR_MODE=plan\n", script);
            Assert.Contains("CTR_STORAGE_SIZE=8GiB\n", script);
            Assert.Contains("CTR_NETWORK=''\n", script);
            Assert.Contains("CTR_ADMIN_USER=adm\n", script);
        }

        [Fact]
        public void Image_fingerprints_are_what_Incus_computes()
        {
            var dir = Path.Combine(Path.GetTempPath(), "ctr-img-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            try
            {
                var meta = Path.Combine(dir, "meta.tar");
                var rootfs = Path.Combine(dir, "rootfs.squashfs");
                File.WriteAllBytes(meta, Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray());
                File.WriteAllText(rootfs, "rootfs bytes");
                // Incus: unified = sha256(file); split = sha256(metadata || rootfs).
                var unified = Tool.Run("sh", "-c", $"sha256sum '{meta}' | cut -d' ' -f1").Stdout.Trim();
                var split = Tool.Run("sh", "-c", $"cat '{meta}' '{rootfs}' | sha256sum | cut -d' ' -f1").Stdout.Trim();
                Assert.Equal(unified, LocalImage.Open(new[] { meta }).Fingerprint);
                var image = LocalImage.Open(new[] { meta, rootfs });
                Assert.Equal(split, image.Fingerprint);
                Assert.Equal(new[] { meta, rootfs }, image.Files);
                Assert.Throws<FileNotFoundException>(() => LocalImage.Open(new[] { Path.Combine(dir, "nope") }));
                Assert.Throws<ArgumentException>(() => LocalImage.Open(new[] { meta, rootfs, meta }));
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
