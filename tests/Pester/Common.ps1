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
