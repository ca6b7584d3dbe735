<#
.SYNOPSIS
    The cluster backend side by side with independent backends, in one run:
    (1) onboarding 30 rows into the lab's three-member Incus cluster (one backend) vs into the three independent lab
        backends b1..b3, both with New-CtrContainer -AutoPlace, ratio;
    (2) Suspend-CtrBackendMember (module, Incus evacuation in migrate mode) vs `incus cluster evacuate --action migrate`
        run on a member, on the same boxes, each until all of them run on other members.
.NOTES
    The lab's members and backends have 2 CPU threads each: at the placement's 4x CPU overcommit one backend holds 8
    one-CPU boxes, so the 30 rows go in pipelines of -Batch rows (default 12), each batch removed (untimed) before the next.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [int] $Rows = 30,
    [int] $Batch = 12,
    [int] $EvacuateBoxes = 3
)
$ErrorActionPreference = 'Stop'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$lab = Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json
$cluster = Get-Content -Raw (Join-Path $labDir 'cluster.json') | ConvertFrom-Json
$members = $cluster.members
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'Containarium.psd1') -Force
$run = 'bc' + [guid]::NewGuid().ToString('N').Substring(0, 4)
$state = Join-Path ([IO.Path]::GetTempPath()) "ctr-bench-$run"
New-Item -ItemType Directory $state | Out-Null
$pub = (Get-Content "$($members[0].keyFile).pub" -Raw).Trim()

$fleetConfig = Join-Path $state 'fleet.json'
$clusterConfig = Join-Path $state 'cluster.json'
$env:CONTAINARIUM_CONFIG = $fleetConfig
foreach ($b in $lab.backends) { Register-CtrBackend -Name $b.name -HostName $b.host -Port $b.port -UserName $b.user -KeyFile $b.keyFile 3>$null | Out-Null }
$env:CONTAINARIUM_CONFIG = $clusterConfig
Register-CtrBackend -Name c1 -HostName ($members | ForEach-Object { '{0}:{1}' -f $_.host, $_.port }) -UserName $members[0].user -KeyFile $members[0].keyFile 3>$null | Out-Null

function Invoke-Incus([string] $dir, [string[]] $arguments) {
    $env:INCUS_DIR = $dir
    try { $null | & incus @arguments } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
}
# This run's boxes and their access accounts, gone (not timed).
function Remove-RunBoxes([string] $prefix) {
    foreach ($dir in @($lab.backends.incusDir) + $members[0].incusDir) {
        $names = @(Invoke-Incus $dir @('list', '-f', 'csv', '-c', 'n') | Where-Object { $_ -like "$prefix*" })
        if ($names) { Invoke-Incus $dir (@('delete', '-f') + $names) | Out-Null }
    }
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$prefix*" } | ForEach-Object { & userdel -r $_ 2>$null }
}
function Measure-Onboarding([string] $config, [string] $tag) {
    $env:CONTAINARIUM_CONFIG = $config
    $total = [TimeSpan]::Zero
    $made = 0
    for ($start = 0; $start -lt $Rows; $start += $Batch) {
        $batchRows = $start..([math]::Min($Rows, $start + $Batch) - 1) | ForEach-Object {
            [pscustomobject]@{ UserName = "$run$tag$_"; SshPublicKey = $pub; Cpu = '1'; Memory = '256MiB'; Disk = '1GiB' }
        }
        $t = Measure-Command { $made += @($batchRows | New-CtrContainer -AutoPlace -ErrorAction Continue).Count }
        $total += $t
        Remove-RunBoxes "$run$tag"
    }
    [pscustomobject]@{ Seconds = $total.TotalSeconds; Made = $made }
}
function Wait-AllOff([string] $member, [string[]] $names) {
    while ($true) {
        $listed = Invoke-Incus $members[0].incusDir @('list', '-f', 'csv', '-c', 'nsL') | ConvertFrom-Csv -Header Name, State, Location | Where-Object Name -in $names
        if (@($listed | Where-Object { $_.Location -ne $member -and $_.State -eq 'RUNNING' }).Count -eq $names.Count) { return }
        Start-Sleep -Milliseconds 200
    }
}

try {
    $fleet = Measure-Onboarding $fleetConfig 'f'
    $clustered = Measure-Onboarding $clusterConfig 'k'

    # The same boxes on m2, evacuated once by the module and once by Incus's CLI (restored, untimed, in between).
    $env:CONTAINARIUM_CONFIG = $clusterConfig
    $boxes = 1..$EvacuateBoxes | ForEach-Object { [pscustomobject]@{ UserName = "${run}e$_"; SshPublicKey = $pub; Cpu = '1'; Memory = '256MiB'; Disk = '1GiB' } } |
        New-CtrContainer -Backend c1 -Member m2
    $names = @($boxes.Name)
    $module = Measure-Command { Suspend-CtrBackendMember -Backend c1 -Name m2 -Confirm:$false | Out-Null; Wait-AllOff 'm2' $names }
    Resume-CtrBackendMember -Backend c1 -Name m2 -Confirm:$false | Out-Null
    $cli = Measure-Command { Invoke-Incus $members[1].incusDir @('cluster', 'evacuate', 'm2', '--force', '--action', 'migrate') | Out-Null; Wait-AllOff 'm2' $names }
    Invoke-Incus $members[1].incusDir @('cluster', 'restore', 'm2', '--force') | Out-Null

    "onboarding $Rows rows (pipelines of $Batch), 3 independent backends b1..b3: {0,7:0.0} s ({1} boxes)" -f $fleet.Seconds, $fleet.Made
    "onboarding $Rows rows (pipelines of $Batch), one 3-member cluster backend:   {0,7:0.0} s ({1} boxes)" -f $clustered.Seconds, $clustered.Made
    "ratio cluster / independent backends:                             {0,7:0.00}x" -f ($clustered.Seconds / $fleet.Seconds)
    "evacuate m2 ($EvacuateBoxes boxes) with Suspend-CtrBackendMember:              {0,7:0.0} s" -f $module.TotalSeconds
    "evacuate m2 ($EvacuateBoxes boxes) with incus cluster evacuate --action migrate: {0,7:0.0} s" -f $cli.TotalSeconds
    "ratio Suspend-CtrBackendMember / incus cluster evacuate:          {0,7:0.00}x" -f ($module.TotalSeconds / $cli.TotalSeconds)
}
finally {
    Invoke-Incus $members[0].incusDir @('query', '-X', 'POST', '/1.0/cluster/members/m2/state', '-d', '{"action":"restore"}') *> $null
    Remove-RunBoxes $run
    Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
}
