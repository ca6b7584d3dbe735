using System;
using System.IO;
using Containarium.Core.Migration;
using Xunit;

namespace Containarium.Core.Tests.Migration
{
    public sealed class BackupCatalogTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "ctr-catalog-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public BackupCatalogTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private string Add(string box, DateTimeOffset at, string owner = "u")
        {
            var file = BackupCatalog.NewFilePath(_dir, box, at);
            File.WriteAllText(file, "tar");
            new BackupManifest { Name = box, UserName = owner, Backend = "b1", ExportedAt = at, Sha256 = new string('a', 64), Size = 3, File = Path.GetFileName(file) }
                .Save(BackupManifest.PathFor(file));
            return file;
        }

        [Fact]
        public void Latest_finds_the_newest_backup_of_a_box_from_the_manifests()
        {
            var t = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            Add("alice-box", t);
            var newest = Add("alice-box", t.AddHours(2));
            Add("alice-box", t.AddHours(1));
            Add("bob-box", t.AddHours(3));
            File.WriteAllText(Path.Combine(_dir, "broken.tar.json"), "{ not json");

            var latest = BackupCatalog.Latest(_dir, "alice-box");

            Assert.NotNull(latest);
            Assert.Equal(newest, latest!.Value.BackupFile);
            Assert.Equal(3, BackupCatalog.List(_dir, "alice-box").Count);
            Assert.Null(BackupCatalog.Latest(_dir, "carol-box"));
        }

        [Fact]
        public void LatestOf_takes_the_newest_backup_of_the_owner_and_never_another_users()
        {
            var t = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            var own = Add("alice-box", t, "alice");
            Add("alice-box", t.AddHours(1), "mallory"); // a reused name: never restored into alice's place

            Assert.Equal(own, BackupCatalog.LatestOf(_dir, "alice-box", "alice").BackupFile);
            Assert.Equal(MigrationFailure.BackupOwnerMismatch, Assert.Throws<MigrationException>(() => BackupCatalog.LatestOf(_dir, "alice-box", "bob")).Failure);
            Assert.Equal(MigrationFailure.BackupNotFound, Assert.Throws<MigrationException>(() => BackupCatalog.LatestOf(_dir, "carol-box", "carol")).Failure);
            Assert.Equal(MigrationFailure.BackupNotFound, Assert.Throws<MigrationException>(() => BackupCatalog.LatestOf(Path.Combine(_dir, "none"), "alice-box", "alice")).Failure);
        }

        [Fact]
        public void Two_exports_in_the_same_second_get_distinct_files()
        {
            var t = DateTimeOffset.UtcNow;
            var first = Add("alice-box", t);
            Assert.NotEqual(first, BackupCatalog.NewFilePath(_dir, "alice-box", t));
        }

        [Fact]
        public void A_manifest_without_checksum_is_invalid()
        {
            var path = Path.Combine(_dir, "x.tar.json");
            File.WriteAllText(path, "{\"format\":1,\"name\":\"x\",\"file\":\"x.tar\"}");
            Assert.Equal(MigrationFailure.BackupInvalid, Assert.Throws<MigrationException>(() => BackupManifest.Load(path)).Failure);
        }
    }
}
