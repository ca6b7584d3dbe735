<#
.SYNOPSIS
    One box ready to use: the time from `New-CtrContainer` to the user's own SSH login answering inside the box
    (account, key, sshd), through the backend's tunnel-only entry account, measured per box and side by side with
    the host's floor: a bare `incus launch` of the same image on the same host (no account, no key, no access path).
.DESCRIPTION
    The seeds promise sub-second instantiation on a copy-on-write pool; upstream Containarium measured 15.7 s with
    pre-baked images. Every box and account the script makes is removed at the end.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [int] $Boxes = 5
)
$ErrorActionPreference = 'Stop'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$lab = Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'Containarium.psd1') -Force

$run = 'r' + [guid]::NewGuid().ToString('N').Substring(0, 5)
$state = Join-Path ([IO.Path]::GetTempPath()) "ctr-bench-$run"
New-Item -ItemType Directory (Join-Path $state 'keys') | Out-Null
$env:CONTAINARIUM_CONFIG = Join-Path $state 'config.json'
$b1 = $lab.backends[0]
Register-CtrBackend -Name $b1.name -HostName $b1.host -Port $b1.port -UserName $b1.user -KeyFile $b1.keyFile -HostKeyFingerprint $b1.hostKeyFingerprint | Out-Null
$ssh = @('-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR')

function Wait-Login([string] $user, [string] $key, [int] $port) {
    # The user's own path: their key through the tunnel-only account on the entry host, into the box's sshd.
    $proxy = "ssh $($ssh -join ' ') -i $key -W %h:%p -p $($b1.port) $user@$($b1.host)"
    for ($i = 0; $i -lt 200; $i++) {
        $out = & ssh @ssh -i $key -o "ProxyCommand=$proxy" -p $port "$user@127.0.0.1" whoami 2>$null
        if ($out -eq $user) { return }
        Start-Sleep -Milliseconds 50
    }
    throw "The login of $user never answered."
}

$ready = @(); $floor = @()
try {
    # Warm the image's first CoW clone so neither side pays it.
    $env:INCUS_DIR = $b1.incusDir
    $null | & incus launch $lab.image "$run-warm" -q 2>$null; $null | & incus delete -f "$run-warm" 2>$null
    foreach ($i in 1..$Boxes) {
        $user = "${run}u$i"
        & ssh-keygen -q -t ed25519 -N '' -C "$user@bench" -f (Join-Path $state "keys/$user") | Out-Null
        $key = Join-Path $state "keys/$user"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $box = New-CtrContainer -UserName $user -SshPublicKeyFile "$key.pub" -Backend $b1.name -Cpu 1 -Memory 256MiB -Disk 1GiB
        Wait-Login $user $key $box.SshPort
        $ready += $clock.Elapsed.TotalMilliseconds

        $clock.Restart()
        $null | & incus launch $lab.image "$run-bare$i" -q 2>$null
        if ($LASTEXITCODE -ne 0) { throw "incus launch failed" }
        $floor += $clock.Elapsed.TotalMilliseconds
    }
}
finally {
    $env:INCUS_DIR = $b1.incusDir
    foreach ($n in ($null | & incus list -c n --format csv "$run")) { $null | & incus delete -f $n 2>$null }
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue
    Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
}

function Median($xs) { ($xs | Sort-Object)[[int][math]::Floor($xs.Count / 2)] }
"boxes measured:                                          {0,8}" -f $Boxes
"New-CtrContainer -> user's SSH login answers (median):   {0,8:0} ms   (each: {1})" -f (Median $ready), (($ready | ForEach-Object { '{0:0}' -f $_ }) -join ', ')
"bare incus launch on the same host (median):             {0,8:0} ms" -f (Median $floor)
"ratio ready-to-use / bare launch:                        {0,8:0.00}x" -f ((Median $ready) / (Median $floor))
