using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Team;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Reads and validates a team CSV as a whole (every row, duplicates across rows), writes one error per bad line,
    /// then the good rows as CtrTeamMember objects that bind into New-CtrContainer by property name.
    /// </summary>
    [Cmdlet(VerbsData.Import, "CtrTeam", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrTeamMember))]
    public sealed class ImportCtrTeamCommand : CtrCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        public string[] Path { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var given in Path)
            {
                var path = GetUnresolvedProviderPathFromPSPath(given);
                if (!File.Exists(path))
                {
                    WriteCtrError(new FileNotFoundException($"The team file '{path}' does not exist.", path), given);
                    continue;
                }
                TeamCsvResult result;
                try { result = TeamCsvReader.ReadFile(path, new TeamCsvReaderOptions { Defaults = Engine.BoxDefaults }); }
                catch (Containarium.Core.Config.ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    WriteCtrError(e, path);
                    continue;
                }
                var file = System.IO.Path.GetFileName(path);
                foreach (var warning in result.Warnings) WriteWarning($"{file} {warning}");
                foreach (var line in result.Problems.GroupBy(p => p.LineNumber))
                {
                    var target = path + ":" + line.Key.ToString(CultureInfo.InvariantCulture);
                    var message = $"{file} line {line.Key.ToString(CultureInfo.InvariantCulture)}: " +
                                  string.Join("; ", line.Select(p => (p.Column == null ? "" : p.Column + ": ") + p.Message));
                    WriteError(new ErrorRecord(new InvalidDataException(message), "CtrTeamRowInvalid", ErrorCategory.InvalidData, target));
                }
                WriteVerbose($"{file}: {result.Rows.Count} of {result.DataRowCount} rows valid.");
                // Reading changes nothing; -WhatIf still validates the file but writes no rows, so nothing downstream acts on them.
                if (!ShouldProcess(path, $"Import-CtrTeam: write {result.Rows.Count} validated row(s)")) continue;
                foreach (var row in result.Rows) WriteObject(CtrTeamMember.From(row, path));
            }
        }
    }
}
