using System.Linq;
using Containarium.Core.Cluster;
using Containarium.Core.Incus;
using Xunit;

namespace Containarium.Core.Tests.Cluster
{
    public class EvacuationPlanTests
    {
        private static ClusterMember M(string name, string status = "Online") => new ClusterMember { Name = name, Status = status };

        [Fact]
        public void Each_instance_goes_to_the_online_member_with_fewest_instances_counting_earlier_moves()
        {
            var members = new[] { M("m1"), M("m2"), M("m3"), M("m4", "Offline") };
            var instances = new (string, string?, string?)[]
            {
                ("a", "m2", "alice"), ("b", "m2", null), ("c", "m2", "carol"), ("x", "m1", "x"), ("y", "m1", "y"), ("z", "m3", "z"),
            };
            var moves = EvacuationPlan.For("m2", members, instances);
            Assert.Equal(new[] { "a", "b", "c" }, moves.Select(m => m.Instance));
            Assert.Equal(new[] { "m3", "m1", "m3" }, moves.Select(m => m.ExpectedTarget));
            Assert.Null(moves[1].Owner);
        }

        [Fact]
        public void No_other_online_member_means_no_moves()
        {
            var moves = EvacuationPlan.For("m1", new[] { M("m1"), M("m2", "Offline") }, new (string, string?, string?)[] { ("a", "m1", "u") });
            Assert.Empty(moves);
        }
    }
}
