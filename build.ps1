<#
.SYNOPSIS
    Builds, tests and demonstrates the Containarium module. Run with pwsh: `dotnet pwsh ./build.ps1 -Task <task>`.
.DESCRIPTION
    Publish  dotnet publish of the module into out/Containarium (assemblies, Dependencies/, manifest, format data, MAML help).
    Test     Publish, start the local lab if it is not running, run every xunit project and the Pester specs,
             print the totals as "N passed, N failed, N skipped", stop the lab again if this run started it.
    Lab      Install and start the local lab (3 Incus backends behind sshd plus a jump host on 127.0.0.1, and a
             three-member Incus cluster on 127.0.0.11-13).
    Demo     Publish, start the lab, and run examples/demo.ps1 against it (the module's main job).
    Bench    Publish, start the lab, and run the benchmark scripts under benchmarks/.
#>
[CmdletBinding()]
param(
    [ValidateSet('Publish', 'Test', 'Lab', 'Demo', 'Bench')]
    [string] $Task = 'Test',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Restrict the xunit run (dotnet test --filter syntax).
    [string] $Filter,
    [switch] $SkipPester,
    [switch] $KeepLab
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/Containarium'
$results = Join-Path $root 'out/test-results'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }

function Invoke-Native([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit $LASTEXITCODE)." }
}

function Publish-Module {
    Write-Host "==> publish module to $moduleOut"
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Native 'dotnet publish' { dotnet publish (Join-Path $root 'src/Containarium.PowerShell') -c $Configuration -o $moduleOut --nologo -v quiet }
}

function Test-LabRunning {
    $lab = Join-Path $labDir 'lab.json'
    if (-not (Test-Path $lab)) { return $false }
    & bash (Join-Path $root "tests/lab/sshd.sh") status b1 *> $null
    return $LASTEXITCODE -eq 0
}

function Start-Lab {
    Write-Host '==> lab: install and start'
    Invoke-Native 'lab install' { bash (Join-Path $root 'tests/lab/install.sh') }
    Invoke-Native 'lab start' { bash (Join-Path $root 'tests/lab/start.sh') 3 --cluster }
}

function Stop-Lab {
    Write-Host '==> lab: stop'
    Invoke-Native 'lab stop' { bash (Join-Path $root 'tests/lab/stop.sh') }
}

function Read-TrxCounts([string] $path) {
    [xml] $trx = Get-Content -Raw $path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted; Skipped = [int]$c.notExecuted }
}

# The names of a result file's failed tests with the first line of each failure, so the end of a CI log says what failed.
function Read-TrxFailures([string] $path) {
    [xml] $trx = Get-Content -Raw $path
    foreach ($r in $trx.GetElementsByTagName('UnitTestResult') | Where-Object { $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' }) {
        $message = "$($r.GetElementsByTagName('Message') | Select-Object -First 1 | ForEach-Object InnerText)".Trim() -split "`n" | Select-Object -First 1
        "$($r.testName): $message"
    }
}

function Invoke-Tests {
    New-Item -ItemType Directory -Force $results | Out-Null
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = [System.Collections.Generic.List[string]]::new() }
    $projects = Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj' | Sort-Object FullName
    foreach ($project in $projects) {
        $name = $project.BaseName
        $trx = Join-Path $results "$name.trx"
        if (Test-Path $trx) { Remove-Item $trx }
        Write-Host "==> xunit: $name"
        $testArgs = @('test', $project.FullName, '-c', $Configuration, '--nologo', '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal')
        if ($Filter) { $testArgs += @('--filter', $Filter) }
        & dotnet @testArgs | Out-Host
        $exit = $LASTEXITCODE
        if (-not (Test-Path $trx)) { throw "$name produced no result file (exit $exit): the build or the test host failed." }
        $counts = Read-TrxCounts $trx
        if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1; $totals.FailedNames.Add("${name}: the test host exited $exit") }
        foreach ($f in Read-TrxFailures $trx) { $totals.FailedNames.Add("${name}: $f") }
        foreach ($k in @('Passed', 'Failed', 'Skipped')) { $totals[$k] += $counts.$k }
        Write-Host ("    {0}: {1} passed, {2} failed, {3} skipped" -f $name, $counts.Passed, $counts.Failed, $counts.Skipped)
    }
    if (-not $SkipPester) {
        Write-Host '==> Pester specs (real Pester, real pwsh)'
        $summary = Join-Path $results 'pester-summary.json'
        if (Test-Path $summary) { Remove-Item $summary }
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Invoke-Specs.ps1') -ModulePath $moduleOut -ResultDirectory $results | Out-Host
        if (-not (Test-Path $summary)) { throw 'The Pester run wrote no summary: it did not run.' }
        $p = Get-Content -Raw $summary | ConvertFrom-Json
        foreach ($k in @('Passed', 'Failed', 'Skipped')) { $totals[$k] += [int]$p.$k }
        foreach ($f in @($p.FailedNames)) { if ($f) { $totals.FailedNames.Add("Pester: $f") } }
        Write-Host ("    Pester: {0} passed, {1} failed, {2} skipped" -f $p.Passed, $p.Failed, $p.Skipped)
    }
    return [pscustomobject]$totals
}

Push-Location $root
try {
    Invoke-Native 'dotnet tool restore' { dotnet tool restore | Out-Null }
    switch ($Task) {
        'Publish' { Publish-Module }
        'Lab' { Start-Lab }
        'Demo' {
            Publish-Module
            Start-Lab
            & (Join-Path $root 'examples/demo.ps1') -ModulePath $moduleOut
        }
        'Bench' {
            Publish-Module
            Start-Lab
            Get-ChildItem (Join-Path $root 'benchmarks') -Filter '*.ps1' | Sort-Object Name | ForEach-Object {
                Write-Host "==> benchmark $($_.Name)"
                & dotnet pwsh -NoProfile -File $_.FullName -ModulePath $moduleOut
            }
        }
        'Test' {
            Publish-Module
            $wasRunning = Test-LabRunning
            Start-Lab   # idempotent: repairs a half-running lab, returns in seconds when all is up
            try {
                $totals = Invoke-Tests
            }
            finally {
                if (-not $wasRunning -and -not $KeepLab) { Stop-Lab }
            }
            foreach ($f in $totals.FailedNames) { Write-Host "FAILED $f" }
            $line = '{0} passed, {1} failed, {2} skipped' -f $totals.Passed, $totals.Failed, $totals.Skipped
            Write-Host $line
            if ($totals.Failed -gt 0 -or $totals.Passed -eq 0) { exit 1 }
        }
    }
}
finally {
    Pop-Location
}
