<#
.SYNOPSIS
    Bulk onboarding, side by side in one run, for 1, 2 and 3 lab backends:
      (a) naive   the loop an admin would write: one `ssh -p PORT admin@127.0.0.1 incus launch IMAGE NAME` per row, sequential;
      (b) direct  the hosts' own limit: the same launches run directly with `incus launch` (INCUS_DIR per backend),
                  all rows of a host at once, every host in parallel;
      (c) module  the rows piped into `New-CtrContainer -AutoPlace` (which also creates the user's account and keys in
                  the box, the tunnel-only access account, and waits for the box's sshd).
    Prints the times and the ratios. Every box and account it makes is removed (Remove-CtrContainer for the module's,
    `incus delete` for the launches), and checked gone.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [int] $Rows = 30,
    # Backend counts to measure, e.g. '1,2,3' (a string, so that `pwsh -File` passes it through).
    [string] $BackendCount = '1,2,3'
)
$ErrorActionPreference = 'Stop'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$lab = Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'Containarium.psd1') -Force
$run = 'bo' + [guid]::NewGuid().ToString('N').Substring(0, 4)
$state = Join-Path ([IO.Path]::GetTempPath()) "ctr-bench-$run"
New-Item -ItemType Directory $state | Out-Null
& ssh-keygen -q -t ed25519 -N '' -C "$run@bench" -f (Join-Path $state 'user') | Out-Null
$key = (Get-Content (Join-Path $state 'user.pub')).Trim()
$sshOptions = @('-o', 'BatchMode=yes', '-o', "UserKnownHostsFile=$($lab.knownHostsFile)", '-o', 'LogLevel=ERROR')

function Invoke-Incus([object] $backend, [string[]] $arguments) {
    $env:INCUS_DIR = $backend.incusDir
    try { $null | & incus @arguments 2>&1 } finally { Remove-Item Env:INCUS_DIR }
}

# Names of the run's instances on a backend, as Incus itself lists them.
function Get-RunInstance([object] $backend) {
    @(Invoke-Incus $backend @('list', '-c', 'n', '--format', 'csv', $run) | Where-Object { $_ -like "$run*" })
}

# Deletes the run's launched instances on every backend in parallel (not timed).
function Remove-Launched([object[]] $backends) {
    $script = foreach ($b in $backends) {
        foreach ($n in Get-RunInstance $b) { "INCUS_DIR='$($b.incusDir)' incus delete -f '$n' </dev/null >/dev/null 2>&1 &" }
    }
    if ($script) { & bash -c (($script + 'wait') -join "`n") }
}

# Round-robin assignment of row i to a backend, as an admin spreading by hand would do.
function Get-Plan([object[]] $backends, [string] $tag) {
    for ($i = 0; $i -lt $Rows; $i++) { [pscustomobject]@{ Name = "$run$tag$i"; Backend = $backends[$i % $backends.Count] } }
}

function Measure-Naive([object[]] $backends) {
    $plan = Get-Plan $backends 'n'
    $t = Measure-Command {
        foreach ($p in $plan) {
            $out = $null | & ssh @sshOptions -i $p.Backend.keyFile -p $p.Backend.port "$($p.Backend.user)@$($p.Backend.host)" incus launch $lab.image $p.Name 2>&1
            if ($LASTEXITCODE -ne 0) { throw "naive launch of $($p.Name) failed (exit $LASTEXITCODE): $($out -join ' ')" }
        }
    }
    Remove-Launched $backends
    $t.TotalSeconds
}

function Measure-Direct([object[]] $backends) {
    $plan = Get-Plan $backends 'd'
    $lines = foreach ($p in $plan) { "INCUS_DIR='$($p.Backend.incusDir)' incus launch '$($lab.image)' '$($p.Name)' </dev/null >/dev/null 2>&1 || echo FAIL &" }
    $t = Measure-Command { $out = & bash -c (($lines + 'wait') -join "`n") }
    if ($out -match 'FAIL') { throw 'a direct launch failed' }
    Remove-Launched $backends
    $t.TotalSeconds
}

function Measure-Module([object[]] $backends) {
    $env:CONTAINARIUM_CONFIG = Join-Path $state "config-$($backends.Count).json"
    foreach ($b in $backends) {
        Register-CtrBackend -Name $b.name -HostName $b.host -Port $b.port -UserName $b.user -KeyFile $b.keyFile -HostKeyFingerprint $b.hostKeyFingerprint | Out-Null
    }
    # The lab hosts have 2 threads and 6 GiB pools: 30 boxes (1 CPU, 1 GiB quota, ~10 MiB real use each) only fit with
    # higher overcommit factors, set in this private config (docs/placement.md).
    $config = Get-Content -Raw $env:CONTAINARIUM_CONFIG | ConvertFrom-Json
    $config.preferences | Add-Member -Force -NotePropertyName cpuOvercommit -NotePropertyValue 40
    $config.preferences | Add-Member -Force -NotePropertyName diskOvercommit -NotePropertyValue 10
    $config | ConvertTo-Json -Depth 10 | Set-Content $env:CONTAINARIUM_CONFIG
    $rowsIn = for ($i = 0; $i -lt $Rows; $i++) { [pscustomobject]@{ UserName = "${run}m$i"; SshPublicKey = $key; Cpu = 1; Memory = '256MiB'; Disk = '1GiB' } }
    $perHost = [math]::Ceiling($Rows / $backends.Count)
    $made = $null
    $t = Measure-Command {
        $made = @($rowsIn | New-CtrContainer -AutoPlace -ThrottleLimit ([math]::Min(64, $Rows)) -PerBackendLimit ([math]::Min(64, $perHost)) -ErrorAction SilentlyContinue -ErrorVariable failed 3>$null)
    }
    if ($failed.Count -gt 0 -or $made.Count -ne $Rows) { throw "New-CtrContainer made $($made.Count) of $Rows boxes: $(($failed | Select-Object -First 3 | ForEach-Object { $_.Exception.Message }) -join ' | ')" }
    $spread = ($made | Group-Object Backend | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
    Get-CtrContainer -Name "$run*" | Remove-CtrContainer -Confirm:$false -ThrottleLimit 16
    $left = @($backends | ForEach-Object { Get-RunInstance $_ }) + @(Get-Content /etc/passwd | Where-Object { $_ -like "${run}m*" })
    if ($left.Count -gt 0) { throw "Remove-CtrContainer left: $($left -join ', ')" }
    [pscustomobject]@{ Seconds = $t.TotalSeconds; Spread = $spread }
}

$results = @()
try {
    foreach ($k in @($BackendCount -split ',' | ForEach-Object { [int]$_ })) {
        $backends = @($lab.backends | Select-Object -First $k)
        $naive = Measure-Naive $backends
        $direct = Measure-Direct $backends
        $module = Measure-Module $backends
        $results += [pscustomobject]@{ Backends = $k; Naive = $naive; Direct = $direct; Module = $module.Seconds; Spread = $module.Spread }
    }
}
finally {
    # Whatever a failed phase left: the run's instances (any phase) and host accounts, removed directly.
    Remove-Launched @($lab.backends)
    foreach ($u in Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$run*" }) {
        & pkill -KILL -u $u 2>$null; & userdel -r $u 2>$null
    }
    $left = @($lab.backends | ForEach-Object { Get-RunInstance $_ }) + @(Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$run*" })
    Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
    if ($left.Count -gt 0) { Write-Warning "left behind: $($left -join ', ')" }
}

"onboarding $Rows rows (image $($lab.image)); lab on one machine with $([Environment]::ProcessorCount) cores: the hosts share them"
"{0,8} {1,10} {2,10} {3,10} {4,14} {5,14} {6,14}  {7}" -f 'backends', 'naive s', 'direct s', 'module s', 'naive/direct', 'module/direct', 'naive/module', 'module spread'
foreach ($r in $results) {
    "{0,8} {1,10:0.0} {2,10:0.0} {3,10:0.0} {4,14:0.00} {5,14:0.00} {6,14:0.00}  {7}" -f $r.Backends, $r.Naive, $r.Direct, $r.Module,
        ($r.Naive / $r.Direct), ($r.Module / $r.Direct), ($r.Naive / $r.Module), $r.Spread
}
