using System;
using System.IO;
using System.Linq;
using Containarium.Core.Config;
using Xunit;

namespace Containarium.Core.Tests.Cluster
{
    public class BackendEndpointsTests
    {
        [Fact]
        public void Host_names_take_their_own_port_or_the_default_one()
        {
            var e = BackendEndpoints.Parse(new[] { "h1", "h2:2222", "h3:22", "[fd00::3]:2200" }, 2201, "admin");
            Assert.Equal(new[] { "h1:2201", "h2:2222", "h3:22", "[fd00::3]:2200" }, e.Select(BackendEndpoints.Spell));
            Assert.All(e, x => Assert.Equal("admin", x.UserName));
        }

        [Theory]
        [InlineData("h1,h1")]
        [InlineData("bob@h1")]
        [InlineData("h1:99999")]
        [InlineData("h 1")]
        public void Bad_host_names_are_refused(string hosts)
        {
            Assert.ThrowsAny<ArgumentException>(() => BackendEndpoints.Parse(new[] { hosts }, 22, "admin"));
        }

        [Fact]
        public void A_config_without_endpoints_still_loads_and_a_cluster_round_trips()
        {
            var dir = Directory.CreateTempSubdirectory("ctr-endpoints-");
            try
            {
                var store = new ConfigStore(Path.Combine(dir.FullName, "config.json"));
                File.WriteAllText(store.Path, "{\"version\":1,\"backends\":[{\"name\":\"b1\",\"hostName\":\"10.0.0.1\",\"port\":22,\"userName\":\"a\",\"keyFile\":\"/k\"}]}");
                var old = store.Load().Backends.Single();
                Assert.Null(old.Endpoints);
                Assert.Equal(new[] { "10.0.0.1:22" }, BackendEndpoints.All(old).Select(BackendEndpoints.Spell));

                store.Update(c =>
                {
                    c.Backends.Add(new BackendDefinition
                    {
                        Name = "c1", HostName = "10.0.0.11", Port = 22, UserName = "a", KeyFile = "/k", Cluster = true,
                        Endpoints = new System.Collections.Generic.List<string> { "10.0.0.11:22", "10.0.0.12:2222" },
                    });
                    return 0;
                });
                var text = File.ReadAllText(store.Path);
                Assert.Equal(1, text.Split(new[] { "\"endpoints\"" }, StringSplitOptions.None).Length - 1);
                var c1 = store.Load().Backends.Single(b => b.Name == "c1");
                Assert.Equal(new[] { "10.0.0.11:22", "10.0.0.12:2222" }, BackendEndpoints.All(c1).Select(BackendEndpoints.Spell));
            }
            finally { dir.Delete(true); }
        }

        [Fact]
        public void A_hand_edited_endpoint_that_breaks_the_rules_fails_with_the_file_named()
        {
            var dir = Directory.CreateTempSubdirectory("ctr-endpoints-");
            try
            {
                var store = new ConfigStore(Path.Combine(dir.FullName, "config.json"));
                File.WriteAllText(store.Path, "{\"backends\":[{\"name\":\"c1\",\"hostName\":\"h1\",\"userName\":\"a\",\"keyFile\":\"/k\",\"endpoints\":[\"h1:22\",\"h;2\"]}]}");
                var e = Assert.Throws<ConfigException>(() => store.Load());
                Assert.Contains("c1", e.Message);
            }
            finally { dir.Delete(true); }
        }
    }
}
