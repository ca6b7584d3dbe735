<#
.SYNOPSIS
    The module's main job on the local lab: register the lab's backends and show the fleet.
    (Once onboarding lands this script also onboards examples/team.csv and prints the users' SSH config.)
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [string] $LabDir = $(if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' })
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force

# A demo inventory of its own, so an admin's real config is never touched.
$env:CONTAINARIUM_CONFIG = Join-Path $LabDir 'demo/config.json'
$lab = Get-Content -Raw (Join-Path $LabDir 'lab.json') | ConvertFrom-Json
$jump = '{0}@{1}:{2}' -f $lab.jump.user, $lab.jump.host, $lab.jump.port

foreach ($b in $lab.backends) {
    # b1 is reached directly (independent jump servers); the others through the central jump host.
    $route = if ($b.name -eq 'b1') { @{} } else { @{ JumpHost = $jump } }
    Register-CtrBackend -Name $b.name -HostName $b.host -Port $b.port -UserName $b.user -KeyFile $b.keyFile `
        -HostKeyFingerprint $b.hostKeyFingerprint -Force @route | Out-Null
}

Write-Host "`n== Get-CtrBackend" -ForegroundColor Cyan
Get-CtrBackend | Format-Table -AutoSize | Out-Host
Write-Host "== Test-CtrBackend b2 (through the jump host)" -ForegroundColor Cyan
Test-CtrBackend b2 | Format-Table -AutoSize | Out-Host
