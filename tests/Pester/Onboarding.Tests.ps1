BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    Get-LabBackendRows | Register-CtrBackend 3>$null | Out-Null
    $script:Run = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $script:Work = Join-Path $StateDir 'team'
    New-Item -ItemType Directory (Join-Path $Work 'keys') | Out-Null
    # The example team, with fresh keys and user names unique to this run.
    $rows = Import-Csv (Join-Path $RepoRoot 'examples/team.csv')
    foreach ($r in $rows) {
        $r.User = "$Run$($r.User)"
        $r.SshPublicKeyFile = "keys/$($r.User).pub"
        & ssh-keygen -q -t ed25519 -N '' -C "$($r.User)@pester" -f (Join-Path $Work "keys/$($r.User)") | Out-Null
    }
    $rows | Export-Csv (Join-Path $Work 'team.csv') -NoTypeInformation
    Push-Location $Work
}

AfterAll {
    Pop-Location
    Remove-RunLeftover $Run
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Import-Csv team.csv | New-CtrContainer -AutoPlace' {
    It '-WhatIf prints the plan and creates nothing' {
        Import-Csv team.csv | New-CtrContainer -AutoPlace -WhatIf
        Get-CtrContainer -Name "$Run*" | Should -BeNullOrEmpty
    }

    It 'onboards the team, spread evenly over the backends' {
        $boxes = Import-Csv team.csv | New-CtrContainer -AutoPlace
        $boxes.Count | Should -Be 6
        ($boxes | Group-Object Backend | ForEach-Object Count | Sort-Object -Unique) | Should -Be 2
        ($boxes | Format-Table | Out-String) | Should -Match 'Name\s+UserName\s+Team\s+Backend\s+State'
        (Get-CtrContainer -Team data -Name "$Run*").UserName | Sort-Object | Should -Be @("${Run}carol", "${Run}dave")
    }

    It "lets a user in with the generated SSH config, through the tunnel-only account" {
        $user = "${Run}alice"
        $cfg = Join-Path $Work 'ssh_config'
        Get-CtrContainer -UserName $user | Get-CtrSshConfig -Path $cfg -IdentityFile (Join-Path $Work "keys/$user")
        # Lab-only client settings; -F reaches every ProxyJump hop, -o options would not.
        Add-Content $cfg "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR"
        $resolved = & ssh -G -F $cfg "$user-box"
        $resolved | Should -Contain 'hostname 127.0.0.1'
        ($resolved | Where-Object { $_ -like 'proxyjump *' }) | Should -Not -BeNullOrEmpty
        $out = & ssh -F $cfg "$user-box" 'whoami; hostname'
        $out | Should -Be @($user, "$user-box")
    }

    It 'is idempotent: a second run creates nothing and warns once per box' {
        $again = Import-Csv team.csv | New-CtrContainer -AutoPlace -WarningVariable w -ErrorVariable e 3>$null
        $again | Should -BeNullOrEmpty
        $e.Count | Should -Be 0
        $w.Count | Should -Be 6
    }
}
