using System;
using System.Collections.Generic;

namespace Containarium.Core.Bootstrap
{
    public enum BootstrapStatus
    {
        Unchanged,
        Changed,
        /// <summary>Plan only: the step would change something.</summary>
        Pending,
    }

    /// <summary>One step of the bootstrap as the script reported it.</summary>
    public sealed class BootstrapStep
    {
        public BootstrapStep(string step, BootstrapStatus status, string detail)
        {
            Step = step;
            Status = status;
            Detail = detail;
        }

        public string Step { get; }
        public BootstrapStatus Status { get; }
        public string Detail { get; }

        public override string ToString() => $"{Step}: {Status} ({Detail})";

        /// <summary>The "ctr-step&lt;TAB&gt;STEP&lt;TAB&gt;STATUS&lt;TAB&gt;DETAIL" lines of the script's stdout; other lines are ignored.</summary>
        public static List<BootstrapStep> Parse(string stdout)
        {
            var steps = new List<BootstrapStep>();
            foreach (var raw in stdout.Split('\n'))
            {
                var cols = raw.TrimEnd('\r').Split(new[] { '\t' }, 4);
                if (cols.Length != 4 || cols[0] != "ctr-step") continue;
                if (!Enum.TryParse<BootstrapStatus>(cols[2], false, out var status))
                    throw new FormatException($"The bootstrap script reported an unknown status '{cols[2]}' for step '{cols[1]}'.");
                steps.Add(new BootstrapStep(cols[1], status, cols[3]));
            }
            return steps;
        }
    }
}
