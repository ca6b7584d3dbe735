using System.Management.Automation;

namespace HelpFixture
{
    /// <summary>What the fixture cmdlets emit and accept from the pipeline.</summary>
    public sealed class FixtureItem
    {
        public string Name { get; set; } = "";
        public int Id { get; set; }
        public string Value { get; set; } = "";
    }

    /// <summary>Base class: its parameter must appear on every derived cmdlet, in every set.</summary>
    public abstract class FixtureCmdletBase : PSCmdlet
    {
        [Parameter]
        [Alias("Server")]
        public string? Backend { get; set; }
    }

    [Cmdlet(VerbsCommon.Get, "FixtureItem", DefaultParameterSetName = "ByName", SupportsPaging = true)]
    [OutputType(typeof(FixtureItem))]
    public sealed class GetFixtureItemCommand : FixtureCmdletBase
    {
        [Parameter(ParameterSetName = "ByName", Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ItemName")]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public int Id { get; set; }

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord()
        {
            WriteObject(new FixtureItem { Name = Name is { Length: > 0 } ? Name[0] : "item", Id = Id });
        }
    }

    [Cmdlet(VerbsCommon.Set, "FixtureItem", DefaultParameterSetName = "ByName", SupportsShouldProcess = true)]
    [OutputType(typeof(FixtureItem))]
    public sealed class SetFixtureItemCommand : FixtureCmdletBase
    {
        [Parameter(ParameterSetName = "ByObject", Mandatory = true, ValueFromPipeline = true)]
        public FixtureItem? InputObject { get; set; }

        [Parameter(ParameterSetName = "ByName", Mandatory = true, Position = 0)]
        public string? Name { get; set; }

        // Mandatory and positional in one set, optional and named in the other: two yaml blocks.
        [Parameter(ParameterSetName = "ByName", Mandatory = true, Position = 1)]
        [Parameter(ParameterSetName = "ByObject")]
        public string? Value { get; set; }

        [Parameter]
        [ValidateSet("Low", "High")]
        public string? Priority { get; set; }

        [Parameter]
        public System.Security.SecureString? Secret { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var target = InputObject?.Name ?? Name ?? "";
            if (ShouldProcess(target, "Set value") && PassThru)
            {
                WriteObject(new FixtureItem { Name = target, Value = Value ?? "" });
            }
        }
    }

    [Cmdlet(VerbsCommon.Remove, "FixtureItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveFixtureItemCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        // Not a parameter: no [Parameter] attribute.
        public string? Scratch { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var n in Name ?? new string[0])
            {
                if (Force || ShouldProcess(n, "Remove")) { WriteVerbose("removed " + n); }
            }
        }
    }

    /// <summary>Public but not a cmdlet: must be ignored.</summary>
    public sealed class NotACmdlet
    {
        [Parameter]
        public string? Ignored { get; set; }
    }
}
