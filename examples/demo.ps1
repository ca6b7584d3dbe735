<#
.SYNOPSIS
    The module's main job on the local lab: register the lab's backends, onboard examples/team.csv
    (`Import-Csv team.csv | New-CtrContainer -AutoPlace`), show the boxes and the users' SSH config, and
    log in to one box with the generated config through the tunnel-only account; then register the lab's
    Incus cluster as one backend, list its members, put boxes on it and preview a member's evacuation.
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

# The example team gets fresh demo keys (a real team's CSV would carry the users' own public keys).
$work = Join-Path $LabDir 'demo/team'
New-Item -ItemType Directory -Force (Join-Path $work 'keys') | Out-Null
Copy-Item (Join-Path $PSScriptRoot 'team.csv') $work -Force
foreach ($u in (Import-Csv (Join-Path $work 'team.csv')).User) {
    $key = Join-Path $work "keys/$u"
    if (-not (Test-Path $key)) { & ssh-keygen -q -t ed25519 -N '' -C "$u@demo" -f $key | Out-Null }
}
Push-Location $work
try {
    Write-Host "== Import-Csv team.csv | New-CtrContainer -AutoPlace" -ForegroundColor Cyan
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Import-Csv team.csv | New-CtrContainer -AutoPlace | Format-Table -AutoSize | Out-Host
    Write-Host ("   ({0:0.0} s; a re-run only warns that the boxes exist)" -f $clock.Elapsed.TotalSeconds)
    Write-Host "== Get-CtrContainer" -ForegroundColor Cyan
    Get-CtrContainer | Format-Table -AutoSize | Out-Host
    Write-Host "== alice's SSH config (Get-CtrSshConfig)" -ForegroundColor Cyan
    $cfg = Join-Path $work 'ssh_config'
    Get-CtrContainer -UserName alice | Get-CtrSshConfig -Path $cfg -IdentityFile (Join-Path $work 'keys/alice')
    Get-Content $cfg | Out-Host
    # Lab-only client settings so the demo does not prompt about host keys (-F reaches every ProxyJump hop).
    $lab_cfg = "$cfg.lab"
    (Get-Content -Raw $cfg) + "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR`n" | Set-Content $lab_cfg
    Write-Host "== ssh -F ssh_config alice-box 'whoami; hostname'" -ForegroundColor Cyan
    & ssh -F $lab_cfg alice-box 'whoami; hostname' | Out-Host

    # The hybrid shape: an Incus cluster is one backend, reached at any of its members.
    $clusterFile = Join-Path $LabDir 'cluster.json'
    $cluster = if ($lab.PSObject.Properties['cluster']) { $lab.cluster } elseif (Test-Path $clusterFile) { Get-Content -Raw $clusterFile | ConvertFrom-Json }
    if ($cluster) {
        $m = $cluster.members
        Write-Host "== Register-CtrBackend -Name c1 -HostName $(($m | ForEach-Object { '{0}:{1}' -f $_.host, $_.port }) -join ', ')" -ForegroundColor Cyan
        Register-CtrBackend -Name c1 -HostName ($m | ForEach-Object { '{0}:{1}' -f $_.host, $_.port }) -UserName $m[0].user -KeyFile $m[0].keyFile -Force 3>$null |
            Format-Table -AutoSize | Out-Host
        Write-Host "== Get-CtrBackendMember -Backend c1" -ForegroundColor Cyan
        Get-CtrBackendMember -Backend c1 | Format-Table -AutoSize | Out-Host
        Write-Host "== New-CtrContainer -UserName heidi -Backend c1 -Member m2 (and grace placed by score)" -ForegroundColor Cyan
        foreach ($u in 'heidi', 'grace') {
            $key = Join-Path $work "keys/$u"
            if (-not (Test-Path $key)) { & ssh-keygen -q -t ed25519 -N '' -C "$u@demo" -f $key | Out-Null }
        }
        @(
            New-CtrContainer -UserName heidi -SshPublicKeyFile (Join-Path $work 'keys/heidi.pub') -Backend c1 -Member m2 -Cpu 1 -Memory 512MiB -Disk 2GiB -WarningAction SilentlyContinue
            New-CtrContainer -UserName grace -SshPublicKeyFile (Join-Path $work 'keys/grace.pub') -Backend c1 -Cpu 1 -Memory 512MiB -Disk 2GiB -WarningAction SilentlyContinue
        ) | Format-Table -AutoSize | Out-Host
        Get-CtrContainer -Backend c1 | Format-Table Name, UserName, Backend, Member, State -AutoSize | Out-Host
        Write-Host "== Suspend-CtrBackendMember -Backend c1 -Name m2 -WhatIf" -ForegroundColor Cyan
        Suspend-CtrBackendMember -Backend c1 -Name m2 -WhatIf
    }
}
finally {
    Pop-Location
}
