<#
.SYNOPSIS
    Migration, side by side in one run: Move-CtrContainer of a box holding 1 GiB of data (-Source b1 -> -Destination b2 by default) vs the raw
    OpenSSH pipe `ssh b1 incus export NAME - --compression none | ssh b2 incus import - COPY` of the same box, then
    the drain of the source host with 20 boxes (as many as its capacity takes) (Set-CtrBackend b1 -Cordon; Get-CtrContainer -Backend b1 | Move-CtrContainer -AutoPlace).
    Every box and account it makes carries a run id and is removed at the end.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [int] $DataMiB = 1024,
    # 0 measures the move only.
    [int] $DrainBoxes = 20,
    [int] $ThrottleLimit = 4,
    # The host whose box is moved and which is then drained, and the move's destination.
    [string] $Source = 'b1',
    [string] $Destination = 'b2'
)
$ErrorActionPreference = 'Stop'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$lab = Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'Containarium.psd1') -Force
$state = Join-Path ([IO.Path]::GetTempPath()) ('ctr-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $state | Out-Null
$env:CONTAINARIUM_CONFIG = Join-Path $state 'config.json'
foreach ($b in $lab.backends) {
    Register-CtrBackend -Name $b.name -HostName $b.host -Port $b.port -UserName $b.user -KeyFile $b.keyFile -HostKeyFingerprint $b.hostKeyFingerprint | Out-Null
}
# The lab hosts have 2 threads and 6 GiB pools: 20 boxes (1 CPU, 1 GiB quota, a few MiB of real use each) on one host, and
# their drain onto the two others, only fit with higher overcommit factors, set in this private config (docs/placement.md).
# Move-CtrContainer -AutoPlace uses the same factors as New-CtrContainer.
$config = Get-Content -Raw $env:CONTAINARIUM_CONFIG | ConvertFrom-Json
$config.preferences | Add-Member -Force -NotePropertyName cpuOvercommit -NotePropertyValue 40
$config.preferences | Add-Member -Force -NotePropertyName diskOvercommit -NotePropertyValue 10
$config | ConvertTo-Json -Depth 10 | Set-Content $env:CONTAINARIUM_CONFIG
$run = 'bm' + [guid]::NewGuid().ToString('N').Substring(0, 4)
$sshConfig = $lab.sshConfigFile
function Invoke-LabIncus([string] $backend, [string[]] $arguments) {
    $env:INCUS_DIR = ($lab.backends | Where-Object name -eq $backend).incusDir
    try { $null | & incus @arguments } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
}
function New-BenchUser([string] $name) {
    & ssh-keygen -q -t ed25519 -N '' -C "$name@bench" -f (Join-Path $state $name) | Out-Null
    [pscustomobject]@{ User = $name; SshPublicKeyFile = (Join-Path $state "$name.pub"); Memory = '256MiB'; Disk = '2GiB'; Cpu = '1' }
}

try {
    # 1. One box with 1 GiB of incompressible data: raw OpenSSH pipe, then Move-CtrContainer, same box, same hosts.
    $big = New-BenchUser "${run}big" | New-CtrContainer -Backend $Source
    Invoke-LabIncus $Source @('exec', '-n', $big.Name, '--', 'sh', '-c', "head -c ${DataMiB}M /dev/urandom >/root/fill.bin && sync")
    $copy = "$($big.Name)-raw"
    $countFile = Join-Path $state 'raw-bytes'
    $rawPipe = "ssh -F '$sshConfig' $Source 'incus export $($big.Name) - --compression none -q </dev/null' | tee >(wc -c >'$countFile') | ssh -F '$sshConfig' $Destination 'incus import - $copy -q'"
    $raw = Measure-Command { & bash -c $rawPipe; if ($LASTEXITCODE) { throw "raw pipe failed ($LASTEXITCODE)" } }
    $bytes = [long](Get-Content $countFile).Trim()
    Invoke-LabIncus $Destination @('delete', '-f', $copy)

    $verbose = $null
    $move = Measure-Command { $moved = Move-CtrContainer -Name $big.Name -Destination $Destination -Verbose 4>&1 | Tee-Object -Variable verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } }
    $summary = "$($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'bytes in' } | Select-Object -Last 1)"
    if ($moved.Backend -ne $Destination) { throw "the move did not complete: $verbose" }
    $relayBytes = [long](([regex]::Match($summary, '([\d,]+) bytes in')).Groups[1].Value -replace ',', '')
    $relaySeconds = [double]([regex]::Match($summary, 'bytes in ([\d.]+) s')).Groups[1].Value

    $rawRate = $bytes / 1e6 / $raw.TotalSeconds
    $moveRate = $relayBytes / 1e6 / $move.TotalSeconds
    $relayRate = $relayBytes / 1e6 / $relaySeconds
    "box with $DataMiB MiB of data, export stream {0:N0} bytes ($Source -> $Destination)" -f $bytes
    "raw pipe ssh|ssh (export | import):                 {0,8:N1} s  {1,7:N1} MB/s" -f $raw.TotalSeconds, $rawRate
    "Move-CtrContainer, whole move (stop..verify..start): {0,8:N1} s  {1,7:N1} MB/s" -f $move.TotalSeconds, $moveRate
    "Move-CtrContainer, streaming part (3 SHA-256 sums):  {0,8:N1} s  {1,7:N1} MB/s" -f $relaySeconds, $relayRate
    "ratio whole move / raw pipe:      {0,6:N2}x" -f ($moveRate / $rawRate)
    "ratio streaming part / raw pipe:  {0,6:N2}x  (target >= 0.9x)" -f ($relayRate / $rawRate)

    if ($DrainBoxes -le 0) { return }
    # 2. Drain $Source holding $DrainBoxes boxes over the other backends. Placement still reserves each box's declared disk
    #    (1 GiB) against the destination pool's free space times the private diskOvercommit; a box that does not fit gets
    #    CtrPlacementFailed and stays on $Source. The drain is re-run (a new pipeline sees the real, copy-on-write usage)
    #    until $Source is empty or a pass moves nothing.
    $rows = 1..$DrainBoxes | ForEach-Object { $r = New-BenchUser ("${run}d{0:D2}" -f $_); $r.Disk = '1GiB'; $r }
    # In batches of 4, so the set-up does not flood the 2-core machine; any refusal is reported, not hidden.
    $refused = @()
    for ($i = 0; $i -lt $rows.Count; $i += 4) {
        $e = $null
        $rows[$i..([math]::Min($i + 3, $rows.Count - 1))] | New-CtrContainer -Backend $Source -ThrottleLimit 4 -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
        $refused += @($e)
    }
    $onB1 = @(Get-CtrContainer -Backend $Source -Name "${run}d*").Count
    "$Source holds $onB1 of the $DrainBoxes requested boxes" + $(if ($refused) { "; refused: $($refused[0].Exception.Message)" } else { '' })
    if ($onB1 -eq 0) { throw "no box could be created on $Source" }
    Set-CtrBackend $Source -Cordon | Out-Null
    $drained = @(); $pass = 0; $clock = [Diagnostics.Stopwatch]::StartNew()
    do {
        $pass++
        $errors = $null
        $passTime = Measure-Command {
            $moved = @(Get-CtrContainer -Backend $Source -Name "${run}d*" | Move-CtrContainer -AutoPlace -ThrottleLimit $ThrottleLimit -ErrorVariable errors -ErrorAction SilentlyContinue)
        }
        $drained += $moved
        $kinds = @($errors) | Group-Object { ($_.FullyQualifiedErrorId -split ',')[0] } | ForEach-Object { "$($_.Name) x$($_.Count)" }
        "drain pass {0}: {1} moved in {2:N1} s ({3}), not moved: {4}" -f $pass, $moved.Count, $passTime.TotalSeconds,
            (($moved | Group-Object Backend | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '), $(if ($kinds) { $kinds -join ', ' } else { 'none' })
        foreach ($e in @($errors)) { "  not moved: $(($e.FullyQualifiedErrorId -split ',')[0]): $($e.Exception.Message)" }
        $left = @(Get-CtrContainer -Backend $Source -Name "${run}d*").Count
    } while ($left -gt 0 -and $moved.Count -gt 0 -and $pass -lt 6)
    "drain of $Source with $onB1 boxes (ThrottleLimit $ThrottleLimit): {0:N1} s in {1} pass(es), {2:N1} s per moved box; placement: {3}; left on ${Source}: {4}" -f
        $clock.Elapsed.TotalSeconds, $pass, ($clock.Elapsed.TotalSeconds / [math]::Max(1, $drained.Count)),
        (($drained | Group-Object Backend | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '), $left
}
finally {
    foreach ($b in $lab.backends) {
        foreach ($n in (Invoke-LabIncus $b.name @('list', '-c', 'n', '--format', 'csv', $run))) { if ($n) { Invoke-LabIncus $b.name @('delete', '-f', $n) } }
    }
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
}
