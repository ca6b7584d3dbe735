using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Containarium.Core.Team;
using Containarium.Core.Tests.Support;
using Xunit;

namespace Containarium.Core.Tests.Team
{
    public class TeamCsvReaderTests
    {
        private static readonly string K1 = SshKeys.Ed25519(1, "alice@laptop");
        private static readonly string K2 = SshKeys.Ed25519(2, "bob@laptop");
        private static readonly string K3 = SshKeys.Ed25519(3, "carol@laptop");
        private static readonly string K4 = SshKeys.Ed25519(4, "dave@laptop");

        private static string Problems(TeamCsvResult r) => string.Join("\n", r.Problems);

        [Fact]
        public void A_clean_file_gives_typed_rows_with_their_lines()
        {
            var csv = "\uFEFFuser,KEY,team,cpu,memory,disk,image,backend,name,enabledocker\r\n" +
                      $"alice,{K1},web,4,8GiB,20,debian/12,b1,,true\r\n" +
                      $"bob_smith,\"{K2}\",web,,,,,,,\r\n";
            var r = TeamCsvReader.ReadText(csv);
            Assert.True(r.IsValid, Problems(r));
            Assert.Empty(r.Warnings);
            Assert.Equal(2, r.DataRowCount);
            Assert.Equal(new[] { 2, 3 }, r.Rows.Select(x => x.LineNumber));
            var a = r.Rows[0].Request;
            Assert.Equal(("alice", "alice-box", 4, "8GiB", "20GiB", "b1", true, "web"), (a.UserName, a.Name, a.Cpu, a.Memory.IncusValue, a.Disk.IncusValue, a.Backend, a.EnableDocker, a.Team));
            var b = r.Rows[1].Request;
            Assert.Equal(("bob-smith-box", 2, "2GiB", false), (b.Name, b.Cpu, b.Memory.IncusValue, b.EnableDocker));
        }

        [Theory]
        [InlineData("UserName,SshPublicKey")]
        [InlineData("username,sshpublickey")]
        [InlineData("User,SshKey")]
        [InlineData("Login,PublicKey")]
        [InlineData(" Username , Key ")]
        public void Header_aliases_are_case_insensitive(string header)
        {
            var r = TeamCsvReader.ReadText(header + "\n" + "alice," + K1 + "\n");
            Assert.True(r.IsValid, Problems(r));
            Assert.Equal("alice", r.Rows.Single().Request.UserName);
        }

        [Fact]
        public void Problems_carry_physical_lines_across_multi_line_key_cells()
        {
            var csv = "UserName,SshPublicKey,Memory\n" +                 // 1
                      $"alice,{K1},4GiB\n" +                             // 2
                      $"bob,\"{K2}\n{K3}\",lots\n" +                     // 3-4: Memory starts on line 4
                      "\n" +                                             // 5 blank
                      $"carol,\"# laptop\n\n{K4}\nssh-rsa AAAA...\",2\n" + // 6-9: key cell starts on 6
                      "Dave,\"" + K1.Replace("ssh-ed25519", "ssh-ed25519 ") + "\",1\n"; // 10
            var r = TeamCsvReader.ReadText(csv);
            Assert.False(r.IsValid);
            Assert.Equal(new[] { (4, "Memory"), (6, "SshPublicKey"), (10, "UserName") }, r.Problems.Select(p => (p.LineNumber, p.Column!)));
            Assert.Contains("Memory 'lots' is invalid", r.Problems[0].Message);
            Assert.StartsWith("key line 4: ", r.Problems[1].Message);
            Assert.Contains("placeholder", r.Problems[1].Message);
            Assert.Equal("line 10, column UserName: User name 'Dave' is invalid: use 1-31 lower-case letters, digits, '-' or '_', starting with a letter.", r.Problems[2].ToString());
            Assert.Equal(new[] { 2 }, r.Rows.Select(x => x.LineNumber)); // only the clean row
        }

        [Fact]
        public void Problems_name_the_column_as_written_in_the_file()
        {
            var r = TeamCsvReader.ReadText("Login,Key\nRoot,x\n");
            Assert.Equal(new[] { "Login", "Key" }, r.Problems.Select(p => p.Column));
            Assert.Equal(new[] { "UserName", "SshPublicKey" }, r.Problems.Select(p => p.Field));
        }

        [Fact]
        public void Duplicate_users_and_box_names_are_problems_on_the_later_line()
        {
            var csv = "UserName,SshPublicKey,Name\n" +
                      $"alice,{K1},\n" +
                      $"bob_x,{K2},\n" +
                      $"alice,{K3},\n" +       // 4: same user
                      $"bob-x,{K4},\n" +       // 5: derives bob-x-box like bob_x
                      $"carol,{K3},ALICE-BOX\n"; // 6: explicit name equal ignoring case
            var r = TeamCsvReader.ReadText(csv);
            Assert.Equal(new[] { 4, 5, 6 }, r.Problems.Select(p => p.LineNumber));
            Assert.Equal("User 'alice' already appears on line 2.", r.Problems[0].Message);
            Assert.Contains("Box name 'bob-x-box' is already used on line 3 (derived from the user name: '_' becomes '-')", r.Problems[1].Message);
            Assert.Equal("Box name 'ALICE-BOX' is already used on line 2.", r.Problems[2].Message);
            Assert.Equal(new[] { 2, 3 }, r.Rows.Select(x => x.LineNumber));
        }

        [Fact]
        public void Duplicates_are_found_even_in_rows_with_other_problems()
        {
            var r = TeamCsvReader.ReadText($"UserName,SshPublicKey,Cpu\nalice,{K1},0\nalice,{K2},2\n");
            Assert.Equal(new[] { (2, "Cpu"), (3, "UserName") }, r.Problems.Select(p => (p.LineNumber, p.Field!)));
        }

        [Fact]
        public void A_key_shared_by_two_users_is_a_warning()
        {
            var r = TeamCsvReader.ReadText($"UserName,SshPublicKey\nalice,{K1}\nbob,{K1}\n");
            Assert.True(r.IsValid);
            var w = Assert.Single(r.Warnings);
            Assert.Equal(3, w.LineNumber);
            Assert.Contains("also given for user 'alice' on line 2", w.Message);
        }

        [Fact]
        public void Unknown_and_unnamed_columns_are_warnings()
        {
            var r = TeamCsvReader.ReadText($"UserName,SshPublicKey,Department,\nalice,{K1},R&D,x\n");
            Assert.True(r.IsValid, Problems(r));
            Assert.Equal(new[] { "Unknown column 'Department' is ignored.", "Column 4 has no header; its values are ignored." }, r.Warnings.Select(w => w.Message));
            Assert.All(r.Warnings, w => Assert.Equal(1, w.LineNumber));
        }

        [Theory]
        [InlineData("Name,Team\n", "There is no UserName column (also accepted: User, Login, Username).")]
        [InlineData("UserName,Team\n", "There is no SshPublicKey or SshPublicKeyFile column (also accepted: SshKey, PublicKey, Key, SshPublicKeyFile).")]
        [InlineData("UserName;SshPublicKey\nalice;x\n", "The header uses ';' between columns; save the file with ',' as the separator.")]
        [InlineData("User,UserName,Key\n", "Columns 'User' and 'UserName' both give UserName; keep one.")]
        [InlineData("", "The file is empty: expected a header line such as 'UserName,SshPublicKey'.")]
        [InlineData("\n\n", "The file is empty: expected a header line such as 'UserName,SshPublicKey'.")]
        [InlineData("\"UserName,Key\n", "The header is broken: a quoted field opened on line 1 is never closed.")]
        public void Header_problems_stop_the_read(string csv, string message)
        {
            var r = TeamCsvReader.ReadText(csv);
            Assert.Contains(message, r.Problems.Select(p => p.Message));
            Assert.Empty(r.Rows);
        }

        [Fact]
        public void Broken_rows_are_problems_and_later_rows_keep_their_lines()
        {
            var csv = "UserName,SshPublicKey\n" +
                      $"alice,\"{K1}\"x\n" +             // 2: text after closing quote
                      $"bob,{K2},extra\n" +              // 3: more values than columns
                      $"carol,{K3},,\n" +                // 4: trailing empty values are fine
                      $"dave,\"{K4}\n";                  // 5: never closed
            var r = TeamCsvReader.ReadText(csv);
            Assert.Equal(new[] { 2, 3, 5 }, r.Problems.Select(p => p.LineNumber));
            Assert.Contains("unexpected text after a closing quote", r.Problems[0].Message);
            Assert.Equal("The row has 3 values but the header has 2 columns (an unquoted comma?).", r.Problems[1].Message);
            Assert.Contains("opened on line 5 is never closed", r.Problems[2].Message);
            Assert.Equal(new[] { 4 }, r.Rows.Select(x => x.LineNumber));
        }

        [Fact]
        public void Short_rows_leave_missing_fields_empty()
        {
            var r = TeamCsvReader.ReadText($"UserName,SshPublicKey,Memory,Disk\nalice,{K1}\n");
            Assert.True(r.IsValid, Problems(r));
            Assert.Equal("2GiB", r.Rows[0].Request.Memory.IncusValue);
        }

        [Fact]
        public void Key_files_are_read_through_the_loader_relative_to_the_base_directory()
        {
            var asked = new List<string>();
            var options = new TeamCsvReaderOptions
            {
                BaseDirectory = "/data/team",
                ReadKeyFile = path => { asked.Add(path); return path.EndsWith("alice.pub") ? K1 + "\n" : throw new FileNotFoundException("the file does not exist."); },
            };
            var r = TeamCsvReader.ReadText("UserName,SshPublicKeyFile,Memory\nalice,keys/alice.pub,4\nbob,/abs/bob.pub,lots\n", options);
            Assert.Equal(new[] { "/data/team/keys/alice.pub", "/abs/bob.pub" }, asked);
            Assert.Equal("SHA256:", r.Rows.Single().Request.SshPublicKeys.Single().Fingerprint.Substring(0, 7));
            // bob: the unreadable file and the bad memory are both reported, without a redundant "no key" echo.
            Assert.Equal(new[] { "SshPublicKeyFile", "Memory" }, r.Problems.Select(p => p.Field));
            Assert.Equal("Cannot read key file '/abs/bob.pub': the file does not exist.", r.Problems[0].Message);
        }

        [Fact]
        public void Read_file_handles_bom_crlf_and_relative_key_files_on_disk()
        {
            var dir = Directory.CreateTempSubdirectory("ctr-team-").FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "keys"));
                File.WriteAllText(Path.Combine(dir, "keys", "bob.pub"), K2 + "\n");
                var path = Path.Combine(dir, "team.csv");
                File.WriteAllText(path, $"UserName,SshPublicKey,SshPublicKeyFile\r\nalice,{K1},\r\nbob,,keys/bob.pub\r\n", new UTF8Encoding(true));
                var r = TeamCsvReader.ReadFile(path);
                Assert.True(r.IsValid, Problems(r));
                Assert.Equal(new[] { "alice@laptop", "bob@laptop" }, r.Rows.Select(x => x.Request.SshPublicKeys.Single().Comment));

                File.WriteAllBytes(path, Encoding.ASCII.GetBytes($"UserName,SshPublicKey\nalice,{K1}\nb")
                    .Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("b,x\n")).ToArray()); // Latin-1 'é'
                var bad = TeamCsvReader.ReadFile(path);
                Assert.Contains("The file is not valid UTF-8; save it as 'CSV UTF-8'.", bad.Problems.Select(p => p.Message));
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void A_utf16_file_with_bom_is_read()
        {
            var dir = Directory.CreateTempSubdirectory("ctr-team-").FullName;
            try
            {
                var path = Path.Combine(dir, "team.csv");
                File.WriteAllText(path, $"UserName,SshPublicKey\nalice,{K1}\n", new UnicodeEncoding(false, true));
                Assert.True(TeamCsvReader.ReadFile(path).IsValid);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Nasty_cells_are_problems_not_rows()
        {
            var csv = "UserName,SshPublicKey,Image,Team,Memory\n" +
                      $"\"$(reboot)\",{K1},,,\n" +
                      $"alice,\"command=\"\"sh\"\" {K1}\",,,\n" +
                      $"bob,{K2},\"debian/12; reboot\",,\n" +
                      $"carol,{K3},,\"a`b`\",\n" +
                      $"dave,{K4},,,\"4GiB\nlimits.cpu=64\"\n";
            var r = TeamCsvReader.ReadText(csv);
            Assert.Empty(r.Rows);
            Assert.Equal(new[] { (2, "UserName"), (3, "SshPublicKey"), (4, "Image"), (5, "Team"), (6, "Memory") }, r.Problems.Select(p => (p.LineNumber, p.Field!)));
            Assert.All(r.Problems, p => Assert.DoesNotContain("\n", p.Message));
        }

        [Fact]
        public void Five_hundred_rows_are_read_with_every_line_right()
        {
            var sb = new StringBuilder("UserName,SshPublicKey,Memory\n");
            for (var i = 0; i < 500; i++)
                sb.Append("user").Append(i).Append(",\"").Append(SshKeys.Ed25519(i % 200, "k" + i)).Append("\",").Append(i == 321 ? "huge" : "2").Append('\n');
            var r = TeamCsvReader.ReadText(sb.ToString());
            Assert.Equal(499, r.Rows.Count);
            Assert.Equal(323, Assert.Single(r.Problems).LineNumber);
            Assert.Equal(Enumerable.Range(2, 500).Where(l => l != 323), r.Rows.Select(x => x.LineNumber));
            Assert.Equal(299, r.Warnings.Count); // keys repeat every 200 users; the invalid row 321 is not compared
        }
    }
}
