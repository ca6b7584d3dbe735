<#
.SYNOPSIS
    Runs tests/Pester/*.Tests.ps1 with the pinned Pester package against the published module, writes NUnit XML
    and a JSON summary. Fails when a spec fails or when no spec was found.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultDirectory,
    # Spec file names to run (wildcards allowed, e.g. 'Move*'); all specs when omitted.
    [string[]] $Spec = '*'
)
$ErrorActionPreference = 'Stop'
$here = $PSScriptRoot
# Child `dotnet pwsh` processes find the pinned tool from the repository root.
Set-Location (Resolve-Path (Join-Path $here "../.."))
$pesterVersion = '5.7.1'

$restore = Join-Path $here 'Pester.restore.csproj'
& dotnet restore $restore --nologo -v quiet | Out-Null
if ($LASTEXITCODE -ne 0) { throw "Restoring Pester $pesterVersion failed." }
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$pesterManifest = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pesterManifest)) { throw "Pester $pesterVersion not found at $pesterManifest after restore." }
Import-Module $pesterManifest -Force

$specs = @(Get-ChildItem $here -Filter '*.Tests.ps1' | Where-Object { $n = $_.Name; $Spec | Where-Object { $n -like "$_.Tests.ps1" -or $n -like $_ } })
if ($specs.Count -eq 0) { throw "No Pester spec (*.Tests.ps1) found under $here." }

$env:CTR_MODULE_PATH = (Resolve-Path $ModulePath).Path
$config = New-PesterConfiguration
$config.Run.Path = $specs.FullName
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultDirectory 'pester-results.xml'
$result = Invoke-Pester -Configuration $config

if ($result.TotalCount -eq 0) { throw 'Pester discovered no tests.' }
foreach ($failed in $result.Failed) {
    Write-Host ("FAILED: {0} :: {1}" -f $failed.ScriptBlock.File, $failed.ExpandedPath) -ForegroundColor Red
}
foreach ($c in $result.Containers | Where-Object Result -eq 'Failed') {
    Write-Host ("FAILED container: {0}: {1}" -f $c.Item, ($c.ErrorRecord | Out-String)) -ForegroundColor Red
}
$failedCount = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$failedNames = @($result.Failed | ForEach-Object { $_.ExpandedPath }) + @($result.Containers | Where-Object Result -eq 'Failed' | ForEach-Object { "$($_.Item)" })
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failedCount; Skipped = $result.SkippedCount + $result.NotRunCount; FailedNames = $failedNames } |
    ConvertTo-Json | Set-Content (Join-Path $ResultDirectory 'pester-summary.json')
