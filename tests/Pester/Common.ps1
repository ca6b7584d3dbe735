# Shared set-up for the specs: the published module, a private config per spec file, and the running lab.
$script:ModulePath = if ($env:CTR_MODULE_PATH) { $env:CTR_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Containarium' }
$script:LabDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
$script:Lab = Get-Content -Raw (Join-Path $script:LabDir 'lab.json') | ConvertFrom-Json
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function New-SpecConfig {
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("ctr-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $dir | Out-Null
    $env:CONTAINARIUM_CONFIG = Join-Path $dir 'config.json'
    $dir
}

# The lab's backends as rows an admin might keep in a CSV (column names as a CSV would have them).
function Get-LabBackendRows {
    $script:Lab.backends | ForEach-Object {
        [pscustomobject]@{ Name = $_.name; HostName = $_.host; Port = $_.port; User = $_.user; IdentityFile = $_.keyFile }
    }
}

# Deletes what a spec run made, directly on the hosts: its boxes (by name prefix, as Get-CtrContainer lists them) and
# the host accounts whose names start with the run id.
# Reads lab.json itself: called from AfterAll, where the variables of this file may not be in scope.
function Remove-RunLeftover([string] $Run) {
    $labDir = if ($env:CTR_LAB_DIR) { $env:CTR_LAB_DIR } else { '/var/lib/containarium-lab' }
    $backends = (Get-Content -Raw (Join-Path $labDir 'lab.json') | ConvertFrom-Json).backends
    foreach ($b in $backends) {
        $env:INCUS_DIR = $b.incusDir
        foreach ($name in @($null | & incus list -c n --format csv $Run 2>$null) | Where-Object { $_ -like "$Run*" }) {
            $null | & incus delete -f $name 2>$null
        }
    }
    Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue
    foreach ($user in Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$Run*" }) {
        & pkill -KILL -u $user 2>$null
        & userdel -r $user 2>$null
    }
    $global:LASTEXITCODE = 0
}

# The lab cluster's members (tests/lab/cluster.sh), and the cluster registered as backend c1, one endpoint per member.
function Get-LabClusterMember {
    $clusterFile = Join-Path $script:LabDir 'cluster.json'
    $cluster = if ($script:Lab.PSObject.Properties['cluster']) { $script:Lab.cluster } elseif (Test-Path $clusterFile) { Get-Content -Raw $clusterFile | ConvertFrom-Json }
    if (-not $cluster) { throw 'The lab has no cluster: start it with `tests/lab/start.sh 3 --cluster`.' }
    $cluster.members
}
function Register-LabCluster([object[]] $Members) {
    Register-CtrBackend -Name c1 -HostName ($Members | ForEach-Object { '{0}:{1}' -f $_.host, $_.port }) -UserName $Members[0].user -KeyFile $Members[0].keyFile 3>$null | Out-Null
}
