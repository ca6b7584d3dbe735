# The box cmdlets in real pwsh against the lab: a team imported with Import-CtrTeam (relative key files, a bad line),
# state changes seen in Incus, limits in the instance config, key rotation proven with the real ssh client through the
# generated SSH config, Remove with -WhatIf first, and bad input that changes nothing.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    Get-LabBackendRows | Register-CtrBackend 3>$null | Out-Null
    $script:Run = 'q' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $script:Work = Join-Path $StateDir 'team'
    New-Item -ItemType Directory (Join-Path $Work 'keys') | Out-Null
    foreach ($u in 'amy', 'bo', 'amy2') { & ssh-keygen -q -t ed25519 -N '' -C "$Run$u@pester" -f (Join-Path $Work "keys/$Run$u") | Out-Null }
    @(
        'User,Team,Memory,Disk,SshPublicKeyFile'
        "${Run}amy,$Run,256MiB,2GiB,keys/${Run}amy.pub"
        "${Run}bo,$Run,256MiB,2GiB,keys/${Run}bo.pub"
        "${Run}x;y,$Run,256MiB,2GiB,keys/${Run}bo.pub"
    ) | Set-Content (Join-Path $Work 'team.csv')

    function script:Get-IncusValue([string] $Box, [string[]] $Arguments) {
        $b = Get-CtrContainer -Name $Box
        $env:INCUS_DIR = ($Lab.backends | Where-Object name -eq $b.Backend).incusDir
        try { ($null | & incus @Arguments 2>&1) -join "`n" } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
    }
    function script:Test-Login([string] $User, [string] $KeyName) {
        $cfg = Join-Path $Work "ssh_config_$KeyName"
        Get-CtrContainer -UserName $User | Get-CtrSshConfig -Path $cfg -IdentityFile (Join-Path $Work "keys/$KeyName")
        if (-not (Select-String -Path $cfg -Pattern 'StrictHostKeyChecking' -Quiet)) {
            Add-Content $cfg "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR`n    IdentitiesOnly yes"
        }
        $out = $null | & ssh -F $cfg "$User-box" whoami 2>$null
        $LASTEXITCODE -eq 0 -and $out -eq $User
    }
}

AfterAll {
    Remove-RunLeftover $Run
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Import-CtrTeam team.csv | New-CtrContainer -AutoPlace' {
    It 'reports the bad line by number and onboards the good rows, key files resolved beside the CSV' {
        Push-Location ([IO.Path]::GetTempPath())   # not the CSV's folder
        try { $rows = Import-CtrTeam (Join-Path $Work 'team.csv') -ErrorAction SilentlyContinue -ErrorVariable bad }
        finally { Pop-Location }
        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'CtrTeamRowInvalid*'
        $bad[0].TargetObject | Should -BeLike '*team.csv:4'
        $bad[0].Exception.Message | Should -Match 'team\.csv line 4'
        $rows.Count | Should -Be 2
        ($rows | Format-Table | Out-String) | Should -Match 'Line\s+UserName\s+Name\s+Team'

        $boxes = $rows | New-CtrContainer -AutoPlace
        $boxes.Count | Should -Be 2
        $boxes.UserName | Sort-Object | Should -Be @("${Run}amy", "${Run}bo")
    }
}

Describe 'Stop-, Start-, Restart-CtrContainer' {
    It 'changes the state Incus reports, and -WhatIf changes nothing' {
        $box = "${Run}amy-box"
        Stop-CtrContainer $box -WhatIf
        Get-IncusValue $box @('list', $box, '-c', 's', '--format', 'csv') | Should -Be 'RUNNING'
        (Get-CtrContainer -Name $box | Stop-CtrContainer -Force -PassThru).State | Should -Be 'Stopped'
        Get-IncusValue $box @('list', $box, '-c', 's', '--format', 'csv') | Should -Be 'STOPPED'
        (Start-CtrContainer $box -PassThru).State | Should -Be 'Running'
        Get-IncusValue $box @('list', $box, '-c', 's', '--format', 'csv') | Should -Be 'RUNNING'
        $pid1 = (Get-IncusValue $box @('query', "/1.0/instances/$box/state") | ConvertFrom-Json).pid
        Restart-CtrContainer $box -Force
        $pid2 = (Get-IncusValue $box @('query', "/1.0/instances/$box/state") | ConvertFrom-Json).pid
        $pid2 | Should -Not -Be $pid1
    }
}

Describe 'Set-CtrContainer' {
    It 'sets limits visible in the instance config' {
        $box = "${Run}amy-box"
        $after = Set-CtrContainer $box -Cpu 1 -Memory 384MiB -Disk 3GiB -PassThru
        $after.Memory | Should -Be '384MiB'
        Get-IncusValue $box @('config', 'get', $box, 'limits.cpu') | Should -Be '1'
        Get-IncusValue $box @('config', 'get', $box, 'limits.memory') | Should -Be '384MiB'
        Get-IncusValue $box @('config', 'device', 'get', $box, 'root', 'size') | Should -Be '3GiB'
    }

    It 'rotates a key: the added key logs in with ssh, the removed one no longer does' {
        $user = "${Run}amy"
        Test-Login $user "${Run}amy" | Should -BeTrue
        Test-Login $user "${Run}amy2" | Should -BeFalse
        $old = (& ssh-keygen -l -f (Join-Path $Work "keys/$user.pub")) -split ' ' | Select-Object -Index 1
        Get-CtrContainer -UserName $user | Set-CtrContainer -AddSshPublicKey (Get-Content (Join-Path $Work "keys/${Run}amy2.pub")) -RemoveSshPublicKey $old
        Test-Login $user "${Run}amy2" | Should -BeTrue
        Test-Login $user "${Run}amy" | Should -BeFalse
    }

    It 'refuses bad values and the last key with stable ErrorIds, changing nothing' {
        $box = "${Run}amy-box"
        $before = Get-IncusValue $box @('config', 'show', $box)
        { Set-CtrContainer $box -Memory '2 lots' -ErrorAction Stop } | Should -Throw -ErrorId 'CtrInvalidBoxChange,*'
        { Set-CtrContainer $box -AddSshPublicKey 'ssh-rsa AAAAB3NzaC1yc2E' -ErrorAction Stop } | Should -Throw -ErrorId 'CtrInvalidBoxChange,*'
        Set-CtrContainer $box -RemoveSshPublicKey (Get-Content (Join-Path $Work "keys/${Run}amy2.pub")) -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrLastSshKey*'
        Set-CtrContainer "${Run}nobox" -Cpu 1 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerNotFound*'
        Set-CtrContainer $box -Cpu 2 -Backend nosuch -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrBackendNotFound*'
        Get-IncusValue $box @('config', 'show', $box) | Should -Be $before
        Test-Login "${Run}amy" "${Run}amy2" | Should -BeTrue
    }
}

Describe 'Remove-CtrContainer' {
    It '-WhatIf names the box and the entry host and removes nothing' {
        $box = Get-CtrContainer -Name "${Run}bo-box"
        # -WhatIf lines go to the host, which a transcript records.
        $transcript = Join-Path $Work 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        $box | Remove-CtrContainer -WhatIf
        Stop-Transcript | Out-Null
        $text = (Get-Content -Raw $transcript) -replace '\s+', ' '
        $text | Should -Match ([regex]::Escape("What if: Performing the operation ""Remove-CtrContainer: delete box '${Run}bo-box' of '${Run}bo'"))
        $text | Should -Match ([regex]::Escape("on target ""$($box.Backend)/${Run}bo-box"""))
        $entry = $Lab.backends | Where-Object name -eq $box.Backend
        $text | Should -Match ([regex]::Escape("backend $($box.Backend) ($($entry.user)@$($entry.host):$($entry.port))"))
        Get-IncusValue $box.Name @('list', $box.Name, '-c', 's', '--format', 'csv') | Should -Be 'RUNNING'
        (Get-Content /etc/passwd | Where-Object { $_ -like "${Run}bo:*" }) | Should -Not -BeNullOrEmpty
    }

    It 'deletes the instance and the tunnel-only host account' {
        $box = Get-CtrContainer -Name "${Run}bo-box"
        $dir = ($Lab.backends | Where-Object name -eq $box.Backend).incusDir
        $box | Remove-CtrContainer -Confirm:$false
        $env:INCUS_DIR = $dir
        try { ($null | & incus list $box.Name -c n --format csv) | Should -BeNullOrEmpty } finally { Remove-Item Env:INCUS_DIR }
        (Get-Content /etc/passwd | Where-Object { $_ -like "${Run}bo:*" }) | Should -BeNullOrEmpty
        Get-CtrContainer -Name "${Run}bo-box" | Should -BeNullOrEmpty
    }
}

Describe 'Tab completion of box names' {
    It 'offers the box on <_>' -ForEach @('Start-CtrContainer', 'Stop-CtrContainer', 'Restart-CtrContainer', 'Set-CtrContainer', 'Remove-CtrContainer', 'Get-CtrContainer', 'Get-CtrSshConfig') {
        Get-CtrContainer -Name "$Run*" | Out-Null
        $line = "$_ -Name ${Run}am"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "${Run}amy-box"
    }
}
