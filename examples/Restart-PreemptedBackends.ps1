<#
.SYNOPSIS
    Scheduled runbook: starts the Spot backends Compute Engine preempted and waits until Incus and their boxes
    answer again.
.DESCRIPTION
    Run it every few minutes (cron, a systemd timer, Azure Automation, a CI schedule). A backend is preempted when
    its Spot VM is down after a compute.instances.preempted operation since its last start (see about_Containarium);
    a VM an admin stopped is left alone. Exits non-zero when a backend did not come back.
.EXAMPLE
    pwsh -NonInteractive -File examples/Restart-PreemptedBackends.ps1 -CredentialFile /etc/containarium/sa.json
#>
[CmdletBinding()]
param(
    # Service-account JSON key; without it the module uses application default credentials.
    [string] $CredentialFile,
    [int] $TimeoutMinutes = 15
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module Containarium)) { Import-Module Containarium }

$gce = @{}
if ($CredentialFile) { $gce.CredentialFile = $CredentialFile }

# Unreachable backends are expected here (that is what preemption looks like): no error for them.
$preempted = @(Get-CtrBackend @gce -ErrorAction SilentlyContinue | Where-Object Preempted)
if ($preempted.Count -eq 0) {
    Write-Verbose 'No preempted backend.'
    return
}
Write-Verbose ("Preempted: " + ($preempted.Name -join ', '))
$failed = $null
$started = @($preempted | Start-CtrBackend @gce -TimeoutMinutes $TimeoutMinutes -ErrorAction Continue -ErrorVariable failed)
foreach ($b in $started) { Write-Verbose "$($b.Name) is back at $($b.HostName) with $($b.Containers) box(es)." }
if ($failed) {
    throw "$($failed.Count) preempted backend(s) did not come back: " + (($failed | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" }) -join '; ')
}
$started
