# A dead cluster member's box restored on another backend from its latest backup, and its stale copy once the member is
# back: the lab cluster (members m1..m3) and backend b2. The member's daemon is killed and always restarted.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    $script:Lib = Join-Path $RepoRoot 'tests/lab'
    $script:Members = Get-LabClusterMember
    $script:Key = $Members[0].keyFile
    $script:Pub = (Get-Content "$Key.pub" -Raw).Trim()
    $script:Run = 'rs' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $script:Box = "${Run}-box"
    $script:M1Dir = $Members[0].incusDir
    $script:Catalogue = Join-Path $StateDir 'backups'
    New-Item -ItemType Directory $Catalogue | Out-Null
    Register-LabCluster $Members
    $b2 = $Lab.backends[1]
    Register-CtrBackend -Name b2 -HostName $b2.host -Port $b2.port -UserName $b2.user -KeyFile $b2.keyFile 3>$null | Out-Null
    $script:B2Dir = $b2.incusDir

    function Wait-Until([scriptblock] $condition, [string] $what) {
        $deadline = (Get-Date).AddSeconds(90)
        while (-not (& $condition)) {
            if ((Get-Date) -gt $deadline) { throw "timed out waiting for $what" }
            Start-Sleep -Seconds 1
        }
    }
    function Test-ClusterHealthy { & bash (Join-Path $Lib 'cluster.sh') status *> $null; $LASTEXITCODE -eq 0 }
    function Invoke-Incus([string] $dir, [string[]] $arguments) {
        $env:INCUS_DIR = $dir
        try { ($null | & incus @arguments) -join "`n" } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
    }
    function Invoke-UserSsh([string] $command) {
        $cfg = Join-Path $StateDir 'user_ssh_config'
        Set-Content $cfg "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR"
        Get-CtrContainer -Backend b2 -Name $Box | Get-CtrSshConfig -IdentityFile $Key | Add-Content $cfg
        # A re-allocated proxy port listens within about a second of the box's start (Incus checks proxies once a second).
        foreach ($attempt in 1..10) {
            $out = & ssh -F $cfg $Box $command 2>&1
            if ($LASTEXITCODE -eq 0) { return $out }
            Start-Sleep -Seconds 1
        }
        throw "ssh to $Box failed: $out"
    }
    Wait-Until { Test-ClusterHealthy } 'a healthy cluster'
}

AfterAll {
    & bash (Join-Path $Lib 'incusd.sh') start m3 *> $null
    # Another run may be evacuating a member meanwhile: clean up this run's boxes whatever the cluster's state.
    try { Wait-Until { Test-ClusterHealthy } 'a healthy cluster' } catch { Write-Warning $_ }
    foreach ($dir in $M1Dir, $B2Dir) {
        $env:INCUS_DIR = $dir
        # Retried: a box can be busy for a moment after the last test's operations.
        foreach ($attempt in 1..5) {
            $mine = @(($null | & incus list -f csv -c n) | Where-Object { $_ -like "$Run*" })
            if ($mine.Count -eq 0) { break }
            foreach ($name in $mine) { $null | & incus delete -f $name 2>&1 | Write-Host }
            Start-Sleep -Seconds 1
        }
    }
    Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$Run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Import-CtrContainer -LatestBackup for a dead member' {
    BeforeAll {
        [pscustomobject]@{ UserName = $Run; SshPublicKey = $Pub; Cpu = '1'; Memory = '256MiB'; Disk = '1GiB' } | New-CtrContainer -Backend c1 -Member m3 | Out-Null
        $script:Hash = (Invoke-Incus $M1Dir @('exec', $Box, '--', 'sh', '-c', "head -c 2000000 /dev/urandom > /home/$Run/data.bin && chown $Run /home/$Run/data.bin && sha256sum /home/$Run/data.bin")).Split(' ')[0]
        Export-CtrContainer -Name $Box -Backend c1 -Path $Catalogue | Out-Null
        & bash (Join-Path $Lib 'incusd.sh') kill m3
        Wait-Until { (Get-CtrContainer -Backend c1 -Name $Box).State -eq 'Unavailable' } 'the box to be Unavailable'
    }

    It '-WhatIf names the backup and the destination and restores nothing' {
        $log = Join-Path $StateDir 'whatif.txt'
        Start-Transcript -Path $log | Out-Null
        try { Get-CtrContainer -Backend c1 -Member m3 -Name $Box | Import-CtrContainer -LatestBackup -Backend b2 -BackupPath $Catalogue -WhatIf } finally { Stop-Transcript | Out-Null }
        Get-Content -Raw $log | Should -Match "box $Box \(user $Run\) from .*$Box-\d{8}T\d{6}Z\.tar onto b2"
        Invoke-Incus $B2Dir @('list', $Box, '-c', 'n', '-f', 'csv') | Should -BeNullOrEmpty
    }

    It 'still takes piped backup files by path, and refuses a piped box without -LatestBackup' {
        # Bound by path (no -LatestBackup): the name's Unavailable box is not accepted as lost in this mode.
        Get-ChildItem $Catalogue -Filter '*.tar' | Import-CtrContainer -Backend b2 -WhatIf -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerExists*'
        Get-CtrContainer -Backend c1 -Name $Box | Import-CtrContainer -AutoPlace -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrInvalidArgument*'
        $e2[0].Exception.Message | Should -Match '-LatestBackup'
        Invoke-Incus $B2Dir @('list', $Box, '-c', 'n', '-f', 'csv') | Should -BeNullOrEmpty
    }

    It 'refuses to re-create the name inside the cluster that still holds it' {
        Get-CtrContainer -Backend c1 -Name $Box | Import-CtrContainer -LatestBackup -Backend c1 -BackupPath $Catalogue -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerExists*'
        $e[0].Exception.Message | Should -Match 'dead member m3'
    }

    It 'restores it on b2 with its data, its owner''s key login and what it replaces' {
        $r = Get-CtrContainer -Backend c1 -Member m3 -Name $Box | Import-CtrContainer -LatestBackup -Backend b2 -BackupPath $Catalogue -Confirm:$false
        $r.Backend | Should -Be 'b2'
        $r.State | Should -Be 'Running'
        $r.RestoredFrom | Should -Be 'c1/m3'
        $r.BackupTime | Should -Not -BeNullOrEmpty
        (Invoke-UserSsh 'whoami; sha256sum data.bin') | Should -Be @($Run, "$Hash  data.bin")
    }

    It 'stops the stale copy when the member returns, lists it Stale, refuses to start it and removes it on request' {
        & bash (Join-Path $Lib 'incusd.sh') start m3
        Wait-Until { Test-ClusterHealthy } 'a healthy cluster'
        $listed = Get-CtrContainer -Name $Box -WarningVariable w 3>$null
        ($listed | Where-Object Backend -eq 'c1').State | Should -Be 'Stale'
        ($listed | Where-Object Backend -eq 'c1').SupersededBy | Should -Be "b2/$Box"
        ($listed | Where-Object Backend -eq 'b2').State | Should -Be 'Running'
        $w[0] | Should -Match "c1/m3.*b2/$Box"
        # A host that has just come back may start its boxes late, after the first look; every look stops the copy again.
        Wait-Until { $null = Get-CtrContainer -Name $Box 3>$null; (Invoke-Incus $M1Dir @('list', $Box, '-c', 's', '-f', 'csv')) -eq 'STOPPED' } 'the stale copy to stay stopped'
        Invoke-Incus $M1Dir @('list', $Box, '-c', 's', '-f', 'csv') | Should -Be 'STOPPED'
        Invoke-Incus $M1Dir @('config', 'get', $Box, 'boot.autostart') | Should -Be 'false'
        (Get-CtrContainer -Backend c1 -State Stale).Name | Should -Contain $Box

        Start-CtrContainer -Backend c1 -Name $Box -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerStale*'
        Invoke-Incus $M1Dir @('list', $Box, '-c', 's', '-f', 'csv') | Should -Be 'STOPPED'

        Get-CtrContainer -Backend c1 -State Stale -Name $Box | Remove-CtrContainer -Confirm:$false
        Invoke-Incus $M1Dir @('list', $Box, '-c', 'n', '-f', 'csv') | Should -BeNullOrEmpty
        (Invoke-UserSsh 'sha256sum data.bin') | Should -Be "$Hash  data.bin"
    }
}
