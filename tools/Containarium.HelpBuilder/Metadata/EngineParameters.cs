using System.Collections.Generic;

namespace Containarium.HelpBuilder.Metadata
{
    /// <summary>The parameters PowerShell adds to a cmdlet from its [Cmdlet] attribute, with the standard
    /// descriptions the skeletons and the MAML use for them.</summary>
    public static class EngineParameters
    {
        public const string WhatIfDescription = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";
        public const string ConfirmDescription = "Prompts you for confirmation before running the cmdlet.";

        private static readonly TypeName UInt64 = new TypeName("UInt64", "System.UInt64");

        /// <summary>SupportsShouldProcess.</summary>
        public static IReadOnlyList<ParameterMetadata> ShouldProcess { get; } = new[]
        {
            ParameterMetadata.Engine("WhatIf", TypeName.Switch, "wi", WhatIfDescription),
            ParameterMetadata.Engine("Confirm", TypeName.Switch, "cf", ConfirmDescription),
        };

        /// <summary>SupportsPaging.</summary>
        public static IReadOnlyList<ParameterMetadata> Paging { get; } = new[]
        {
            ParameterMetadata.Engine("IncludeTotalCount", TypeName.Switch, null,
                "Reports the total number of objects in the data set, followed by the selected objects."),
            ParameterMetadata.Engine("Skip", UInt64, null, "Ignores the specified number of objects and then gets the remaining objects."),
            ParameterMetadata.Engine("First", UInt64, null, "Gets only the specified number of objects."),
        };
    }
}
