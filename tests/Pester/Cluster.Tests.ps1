# A backend that is an Incus cluster: the lab's three members m1..m3 (tests/lab/cluster.sh), one SSH endpoint each.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    $script:Lib = Join-Path $RepoRoot 'tests/lab'
    $script:Members = Get-LabClusterMember
    $script:Key = $Members[0].keyFile
    $script:Run = 'c' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $script:Pub = (Get-Content "$Key.pub" -Raw).Trim()
    $script:M1Dir = $Members[0].incusDir
    Register-LabCluster $Members
    $b1 = $Lab.backends[0]
    Register-CtrBackend -Name b1 -HostName $b1.host -Port $b1.port -UserName $b1.user -KeyFile $b1.keyFile 3>$null | Out-Null

    function Invoke-Lab([string] $script, [string[]] $arguments) {
        & bash (Join-Path $Lib $script) @arguments
        if ($LASTEXITCODE -ne 0) { throw "$script $arguments failed ($LASTEXITCODE)" }
    }
    # Every member ONLINE and not evacuated (cluster.sh status exits 0), within a minute.
    function Wait-ClusterHealthy {
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            & bash (Join-Path $Lib 'cluster.sh') status *> $null
            if ($LASTEXITCODE -eq 0) { return }
            if ((Get-Date) -gt $deadline) { throw 'the lab cluster did not become healthy within 60 s' }
            Start-Sleep -Milliseconds 500
        }
    }
    function Wait-MemberStatus([string] $member, [string] $status) {
        $deadline = (Get-Date).AddSeconds(45)
        while ((Get-CtrBackendMember -Backend c1 -Name $member).Status -ne $status) {
            if ((Get-Date) -gt $deadline) { throw "member $member did not become $status within 45 s" }
            Start-Sleep -Seconds 1
        }
    }
    function New-Row([string] $suffix) {
        [pscustomobject]@{ UserName = "$Run$suffix"; SshPublicKey = $Pub; Cpu = '1'; Memory = '256MiB'; Disk = '1GiB' }
    }
    # The box's owner logs in with the module's SSH config entry, entering through the member the box runs on.
    function Assert-UserLogin($box, [string] $member) {
        $cfg = Join-Path $StateDir "$($box.Name).ssh_config"
        Set-Content $cfg "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR"
        $box | Get-CtrSshConfig -IdentityFile $Key | Add-Content $cfg
        (& ssh -G -F $cfg $box.Name | Where-Object { $_ -like 'proxyjump *' }) | Should -Be "proxyjump c1-$member"
        & ssh -F $cfg $box.Name 'whoami; hostname' | Should -Be @($box.UserName, $box.Name)
    }
    function Invoke-Incus([string[]] $arguments) {
        $env:INCUS_DIR = $M1Dir
        try { $null | & incus @arguments } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
    }
    Wait-ClusterHealthy
}

AfterAll {
    # Whatever a failed test left behind: daemons restarted, the member restored, this run's boxes and users gone.
    & bash (Join-Path $Lib 'sshd.sh') start m1 *> $null
    & bash (Join-Path $Lib 'incusd.sh') start m3 *> $null
    Wait-ClusterHealthy
    $env:INCUS_DIR = $M1Dir
    $null | & incus query -X POST /1.0/cluster/members/m2/state -d '{"action":"restore"}' *> $null
    $mine = ($null | & incus list -f csv -c n) | Where-Object { $_ -like "$Run*" }
    if ($mine) { $null | & incus delete -f @mine *> $null }
    $env:INCUS_DIR = $Lab.backends[0].incusDir
    $mine = ($null | & incus list -f csv -c n) | Where-Object { $_ -like "$Run*" }
    if ($mine) { $null | & incus delete -f @mine *> $null }
    Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$Run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Wait-ClusterHealthy
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Register-CtrBackend with one endpoint per member' {
    It 'makes the cluster one backend with its members counted and their figures summed' {
        $b = Get-CtrBackend c1
        $b.State | Should -Be 'Online'
        $b.Cluster | Should -BeTrue
        $b.Members | Should -Be 3
        $b.MembersOnline | Should -Be 3
        $b.Endpoint.Count | Should -Be 3
        $members = Get-CtrBackendMember -Backend c1
        $b.Cpu | Should -Be (($members | Measure-Object Cpu -Sum).Sum)
        ($b | Format-Table | Out-String -Width 400) | Should -Match '3/3 members'
    }

    It 'records each endpoint and the member behind it in the config file' {
        $saved = (Get-Content $env:CONTAINARIUM_CONFIG -Raw | ConvertFrom-Json).backends | Where-Object name -eq c1
        $saved.endpoints.Count | Should -Be 3
        $saved.memberEndpoints.m2 | Should -Be ('{0}:{1}' -f $Members[1].host, $Members[1].port)
        $known = Get-Content (Join-Path $StateDir 'known_hosts')
        foreach ($m in $Members) { ($known -match [regex]::Escape("[$($m.host)]:$($m.port)")).Count | Should -BeGreaterThan 0 }
    }

    It 'refuses endpoints that are not members of one cluster, and registers nothing' {
        $b = $Lab.backends
        Register-CtrBackend -Name "${Run}x" -HostName "$($b[0].host):$($b[0].port)", "$($b[1].host):$($b[1].port)" -UserName $b[0].user -KeyFile $Key -ErrorVariable e -ErrorAction SilentlyContinue 3>$null
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrNotACluster*'
        Register-CtrBackend -Name "${Run}y" -HostName "$($Members[0].host):$($Members[0].port)", "$($b[0].host):$($b[0].port)" -UserName $b[0].user -KeyFile $Key -ErrorVariable e2 -ErrorAction SilentlyContinue 3>$null
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrClusterMismatch*'
        Get-CtrBackend -NoStatus | Where-Object Name -like "$Run*" | Should -BeNullOrEmpty
    }
}

Describe 'Get-CtrBackendMember' {
    It 'lists the members in a table' {
        $members = Get-CtrBackendMember -Backend c1
        $members.Name | Should -Be @('m1', 'm2', 'm3')
        $members.Status | Sort-Object -Unique | Should -Be 'Online'
        ($members | Where-Object { $_.Roles -contains 'database-leader' }).Count | Should -Be 1
        ($members | Format-Table | Out-String) | Should -Match 'Backend\s+Name\s+Status\s+Roles\s+FailureDomain'
    }

    It 'says clearly when a member or a cluster does not exist' {
        Get-CtrBackendMember -Backend c1 -Name m9 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberNotFound*'
        Get-CtrBackendMember -Backend b1 -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrNotACluster*'
    }

    It 'completes member names it has seen' {
        $null = Get-CtrBackendMember -Backend c1
        $line = 'Suspend-CtrBackendMember -Backend c1 -Name m'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('m1', 'm2', 'm3')
    }
}

Describe 'Endpoint failover' {
    It 'serves every call from the next member when the first endpoint''s sshd is down' {
        Invoke-Lab 'sshd.sh' @('stop', 'm1')
        try {
            (Get-CtrBackend c1).State | Should -Be 'Online'
            $box = New-Row 'fo' | New-CtrContainer -Backend c1 -Member m1
            $box.Member | Should -Be 'm1'
            (Get-CtrContainer -Backend c1 -Name "${Run}fo-box").State | Should -Be 'Running'
        }
        finally { Invoke-Lab 'sshd.sh' @('start', 'm1') }
    }
}

Describe 'Placement over members' {
    It 'spreads a pipeline over the members by the placement score' {
        $before = Get-CtrBackendMember -Backend c1 | ForEach-Object { $_.Containers } | Sort-Object -Unique
        $boxes = 'p1', 'p2', 'p3' | ForEach-Object { New-Row $_ } | New-CtrContainer -Backend c1
        $boxes.Count | Should -Be 3
        $boxes.Member | Should -Not -Contain $null
        # Equal members before (one count for all): the three boxes land on three different members.
        if (@($before).Count -eq 1) { ($boxes.Member | Sort-Object -Unique).Count | Should -Be 3 }
        (Get-CtrContainer -Backend c1 -Name "${Run}p*").Member | Should -Not -Contain $null
    }

    It '-Member puts the box on that member' {
        $box = New-Row 'on2' | New-CtrContainer -Backend c1 -Member m2
        $box.Member | Should -Be 'm2'
        Invoke-Incus @('list', "${Run}on2-box", '-f', 'csv', '-c', 'L') | Should -Be 'm2'
    }

    It 'refuses an unknown member name and creates nothing' {
        New-Row 'bad' | New-CtrContainer -Backend c1 -Member m9 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberNotFound*'
        $e[0].Exception.Message | Should -Match 'm1, m2, m3'
        New-Row 'bad2' | New-CtrContainer -Backend c1 -Member 'm 2;x' -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrInvalidBoxRequest*'
        New-Row 'bad3' | New-CtrContainer -Backend b1 -Member m1 -ErrorVariable e3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberNotFound*'
        Get-CtrContainer -Name "${Run}bad*" | Should -BeNullOrEmpty
    }
}

Describe 'Moves, restores and endpoints per member' {
    BeforeAll {
        $script:AllEndpoints = $Members | ForEach-Object { '{0}:{1}' -f $_.host, $_.port }
        function Get-SavedC1 { (Get-Content $env:CONTAINARIUM_CONFIG -Raw | ConvertFrom-Json).backends | Where-Object name -eq c1 }
    }
    AfterAll {
        # The later specs count on the members' capacity (the lab members have 2 threads).
        Get-CtrContainer -Backend c1 -Name "${Run}mv-box", "${Run}inc-box" | Remove-CtrContainer -Confirm:$false
    }

    It 'Move-CtrContainer -Member lands the box on that member and the user gets in through it' {
        $box = New-Row 'mv' | New-CtrContainer -Backend b1
        $moved = $box | Move-CtrContainer -Destination c1 -Member m3
        $moved.Backend | Should -Be 'c1'
        $moved.Member | Should -Be 'm3'
        Invoke-Incus @('list', "${Run}mv-box", '-f', 'csv', '-c', 'L') | Should -Be 'm3'
        # No retry: the move returns only once the box's SSH proxy answers on m3.
        Assert-UserLogin $moved 'm3'
    }

    It '-MemberPlacement Incus leaves the member to the Incus scheduler (the member with the fewest instances)' {
        $counts = @{}
        foreach ($m in 'm1', 'm2', 'm3') { $counts[$m] = 0 }
        foreach ($location in (Invoke-Incus @('list', '-f', 'csv', '-c', 'L'))) { if ($counts.ContainsKey($location)) { $counts[$location]++ } }
        $fewest = ($counts.Values | Measure-Object -Minimum).Minimum
        $expected = @($counts.Keys | Where-Object { $counts[$_] -eq $fewest })
        $box = New-Row 'inc' | New-CtrContainer -Backend c1 -MemberPlacement Incus
        $box.Member | Should -BeIn $expected
        Invoke-Incus @('list', "${Run}inc-box", '-f', 'csv', '-c', 'L') | Should -Be $box.Member
    }

    It 'Set-CtrBackend -HostName refuses an endpoint outside the cluster and changes nothing' {
        $b = $Lab.backends[0]
        Set-CtrBackend c1 -HostName $AllEndpoints[0], "$($b.host):$($b.port)" -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue 3>$null
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrClusterMismatch*'
        (Get-SavedC1).endpoints | Should -Be $AllEndpoints
        Set-CtrBackend c1 -HostName 'bad host:22' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrInvalidArgument*'
    }

    It 'without a member''s endpoint, a move onto that member is refused and changes nothing; Set-CtrBackend puts it back' {
        try {
            Set-CtrBackend c1 -HostName $AllEndpoints[0], $AllEndpoints[1] -Confirm:$false 3>$null
            $saved = Get-SavedC1
            $saved.endpoints.Count | Should -Be 2
            $saved.memberEndpoints.PSObject.Properties.Name | Should -Not -Contain 'm3'
            $box = New-Row 'nm3' | New-CtrContainer -Backend b1
            $box | Move-CtrContainer -Destination c1 -Member m3 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberUnavailable*'
            $e[0].Exception.Message | Should -Match 'Set-CtrBackend c1 -HostName'
            (Get-CtrContainer -Name "${Run}nm3-box").Backend | Should -Be 'b1'
            (Get-CtrContainer -Name "${Run}nm3-box").State | Should -Be 'Running'
        }
        finally {
            Set-CtrBackend c1 -HostName $AllEndpoints -Confirm:$false 3>$null
        }
        $saved = Get-SavedC1
        $saved.endpoints | Should -Be $AllEndpoints
        $saved.memberEndpoints.m3 | Should -Be $AllEndpoints[2]
        Get-CtrContainer -Name "${Run}nm3-box" | Remove-CtrContainer -Confirm:$false
    }
}

Describe 'Suspend-CtrBackendMember and Resume-CtrBackendMember' {
    It '-WhatIf names every box that would move and changes nothing' {
        # "What if:" goes to the host, not to a stream: a transcript records it.
        $log = Join-Path $StateDir 'whatif.txt'
        Start-Transcript -Path $log | Out-Null
        try { Suspend-CtrBackendMember -Backend c1 -Name m2 -WhatIf } finally { Stop-Transcript | Out-Null }
        $plan = Get-Content -Raw $log
        $plan | Should -Match "${Run}on2-box m2 -> m[13]"
        (Get-CtrBackendMember -Backend c1 -Name m2).Status | Should -Be 'Online'
    }

    It 'evacuates m2: its boxes run on other members and users still get in' {
        $r = Suspend-CtrBackendMember -Backend c1 -Name m2 -Confirm:$false
        $r.Status | Should -Be 'Evacuated'
        $r.Moved | Should -Contain ($r.Moved | Where-Object { $_ -like "${Run}on2-box -> m[13]" })
        $box = Get-CtrContainer -Backend c1 -Name "${Run}on2-box"
        $box.Member | Should -BeIn @('m1', 'm3')
        $box.State | Should -Be 'Running'
        (Get-CtrBackend c1).State | Should -Be 'Degraded'

        Assert-UserLogin $box $box.Member
    }

    It 'sends no new box to the evacuated member' {
        New-Row 'ev' | New-CtrContainer -Backend c1 -Member m2 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberUnavailable*'
        (New-Row 'ev2' | New-CtrContainer -Backend c1).Member | Should -BeIn @('m1', 'm3')
        Suspend-CtrBackendMember -Backend c1 -Name m2 -Confirm:$false -WarningVariable w 3>$null | Should -BeNullOrEmpty
        $w[0] | Should -Match 'already evacuated'
    }

    It 'restores m2: the evacuated boxes come back' {
        $r = Resume-CtrBackendMember -Backend c1 -Name m2 -Confirm:$false
        $r.Status | Should -Be 'Online'
        $r.Moved | Should -Contain "${Run}on2-box -> m2"
        (Get-CtrContainer -Backend c1 -Name "${Run}on2-box").Member | Should -Be 'm2'
        (Get-CtrBackend c1).State | Should -Be 'Online'
    }

    It 'refuses unknown members with a clear error' {
        Suspend-CtrBackendMember -Backend c1 -Name m9 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberNotFound*'
        Resume-CtrBackendMember -Backend c1 -Name m9 -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberNotFound*'
    }
}

Describe 'A dead member' {
    BeforeAll {
        $script:OnM3 = New-Row 'dead' | New-CtrContainer -Backend c1 -Member m3
        Invoke-Lab 'incusd.sh' @('kill', 'm3')
    }
    AfterAll {
        Invoke-Lab 'incusd.sh' @('start', 'm3')
        Wait-ClusterHealthy
    }

    It 'lists its boxes as Unavailable, with their member and owner' {
        $box = Get-CtrContainer -Backend c1 -Name "${Run}dead-box"
        $box.State | Should -Be 'Unavailable'
        $box.Member | Should -Be 'm3'
        $box.UserName | Should -Be "${Run}dead"
        (Get-CtrContainer -Backend c1 -State Unavailable).Name | Should -Contain "${Run}dead-box"
    }

    It 'keeps onboarding on the live members' {
        $boxes = 'l1', 'l2' | ForEach-Object { New-Row $_ } | New-CtrContainer -Backend c1
        $boxes.Count | Should -Be 2
        $boxes.Member | Should -Not -Contain 'm3'
        $boxes.State | Sort-Object -Unique | Should -Be 'Running'
    }

    It 'refuses the dead member by name once Incus sees it offline, and reports the cluster Degraded' {
        Wait-MemberStatus m3 'Offline'
        New-Row 'to3' | New-CtrContainer -Backend c1 -Member m3 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberUnavailable*'
        (Get-CtrBackend c1).State | Should -Be 'Degraded'
        Suspend-CtrBackendMember -Backend c1 -Name m3 -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrMemberUnavailable*'
    }
}

Describe 'A member killed mid-onboarding' {
    AfterAll {
        Invoke-Lab 'incusd.sh' @('start', 'm3')
        Wait-ClusterHealthy
    }

    It 'fails the rows placed on it with a clear error while the other rows proceed' {
        # Placement reads the cluster at the first row (m3 online); the member dies before the second row is created.
        $rows = 1..6 | ForEach-Object {
            if ($_ -eq 2) { & bash (Join-Path $Lib 'incusd.sh') kill m3 }
            New-Row "k$_"
        }
        $boxes = $rows | New-CtrContainer -Backend c1 -ThrottleLimit 1 -ErrorVariable e -ErrorAction SilentlyContinue
        ($boxes.Count + $e.Count) | Should -Be 6
        $boxes.Count | Should -BeGreaterOrEqual 3
        $boxes.Member | Where-Object { $_ -ne 'm3' } | Should -Not -BeNullOrEmpty
        foreach ($err in $e) {
            $err.TargetObject.UserName | Should -BeLike "${Run}k*" -Because "each error names its row ($($err.FullyQualifiedErrorId): $err)"
            $err.Exception.Message | Should -Match "$Run"
        }
        foreach ($b in $boxes | Where-Object Member -ne 'm3') { (Get-CtrContainer -Backend c1 -Name $b.Name).State | Should -Be 'Running' }
    }
}

Describe 'A hung member' {
    BeforeAll {
        # m3 has just come back from the dead-member specs: wait until it reports its capacity again.
        Wait-ClusterHealthy
        $deadline = (Get-Date).AddSeconds(45)
        while (-not (($m = Get-CtrBackendMember -Backend c1 -Name m3).Cpu -gt 0 -and $m.MemoryTotal -gt 0)) {
            if ((Get-Date) -gt $deadline) { throw 'member m3 did not report its capacity within 45 s' }
            Start-Sleep -Seconds 1
        }
        $script:OnHung = New-Row 'hung' | New-CtrContainer -Backend c1 -Member m3
        $script:HungPid = (Get-Content (Join-Path $LabDir 'm3/incusd.pid') -Raw).Trim()
        & kill -STOP $HungPid
    }
    AfterAll {
        & kill -CONT $HungPid
        Wait-ClusterHealthy
    }

    It 'still lists the cluster, its boxes named with their member from the cluster database' {
        # Incus itself blocks every cluster-wide list until it declares the stopped member offline.
        $boxes = Get-CtrContainer -Backend c1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        $box = $boxes | Where-Object Name -eq "${Run}hung-box"
        $box.Member | Should -Be 'm3'
        $box.UserName | Should -Be "${Run}hung"
        $box.State | Should -BeIn @('Unknown', 'Unavailable')
    }
}
