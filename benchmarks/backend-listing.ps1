<#
.SYNOPSIS
    Fleet listing cost, side by side in one run: Get-CtrBackend over every lab backend vs one
    `incus query /1.0/instances?recursion=1` run directly on one host, then Get-CtrContainer over every backend
    against the same query, plus module import time and SSH handshakes per session.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Containarium'),
    [int] $Rounds = 10
)
$ErrorActionPreference = 'Stop'
$labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$lab = Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json
$manifest = Join-Path (Resolve-Path $ModulePath).Path 'Containarium.psd1'

$importMs = (Measure-Command { Import-Module $manifest -Force }).TotalMilliseconds
$state = Join-Path ([IO.Path]::GetTempPath()) ('ctr-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $state | Out-Null
$env:CONTAINARIUM_CONFIG = Join-Path $state 'config.json'
foreach ($b in $lab.backends) {
    Register-CtrBackend -Name $b.name -HostName $b.host -Port $b.port -UserName $b.user -KeyFile $b.keyFile -HostKeyFingerprint $b.hostKeyFingerprint | Out-Null
}
$handshakesBefore = [Containarium.Diagnostics]::SshHandshakes

function Measure-Median([scriptblock] $block) {
    $times = foreach ($i in 1..$Rounds) { (Measure-Command $block).TotalMilliseconds }
    ($times | Sort-Object)[[int][math]::Floor($times.Count / 2)]
}

$b1 = $lab.backends[0]
$env:INCUS_DIR = $b1.incusDir
$direct = Measure-Median { incus query '/1.0/instances?recursion=1' | Out-Null }
$viaSsh = Measure-Median { ssh -i $b1.keyFile -p $b1.port -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$($b1.user)@$($b1.host)" 'incus query /1.0/instances?recursion=1 </dev/null' | Out-Null }
$fleet = Measure-Median { Get-CtrBackend | Out-Null }
$boxes = Measure-Median { Get-CtrContainer | Out-Null }
$boxCount = @(Get-CtrContainer).Count
$handshakes = [Containarium.Diagnostics]::SshHandshakes - $handshakesBefore

"module import:                                   {0,8:0} ms" -f $importMs
"incus query recursion=1, local on one host:      {0,8:0.0} ms (median of $Rounds)" -f $direct
"incus query recursion=1, new OpenSSH connection: {0,8:0.0} ms" -f $viaSsh
"Get-CtrBackend over $($lab.backends.Count) backends (live figures):   {0,8:0.0} ms" -f $fleet
"ratio Get-CtrBackend / local incus query:        {0,8:0.00}x" -f ($fleet / $direct)
"ratio Get-CtrBackend / one OpenSSH query:        {0,8:0.00}x" -f ($fleet / $viaSsh)
"Get-CtrContainer over $($lab.backends.Count) backends ($boxCount boxes):   {0,8:0.0} ms" -f $boxes
"ratio Get-CtrContainer / local incus query:      {0,8:0.00}x" -f ($boxes / $direct)
"new SSH handshakes in $(2 * $Rounds + 1) listing calls:     {0,8} (registration opened one per backend; reused since)" -f $handshakes
Remove-Item $state -Recurse -Force
