BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
}

AfterAll {
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Registering the fleet' {
    It 'registers backends piped from CSV-shaped rows (binding by property name and aliases)' {
        $rows = Get-LabBackendRows
        $out = $rows | Register-CtrBackend -WarningVariable warnings 3>$null
        $out.Name | Should -Be $rows.Name
        $out.State | ForEach-Object { $_ | Should -Be 'Online' }
        # First contact records each host key and says so, with its fingerprint.
        $warnings.Count | Should -Be $rows.Count
        $warnings[0].Message | Should -Match 'SHA256:'
    }

    It 'shows the fleet as a table with live figures' {
        $table = Get-CtrBackend | Format-Table | Out-String
        $table | Should -Match 'Name\s+State\s+IncusVersion\s+Containers'
        $table | Should -Match 'b1\s+Online\s+6\.'
        (Get-CtrBackend).Count | Should -Be $Lab.backends.Count
    }

    It 'filters with wildcards' {
        (Get-CtrBackend -Name 'b[12]' -NoStatus).Name | Should -Be @('b1', 'b2')
    }

    It 'tab-completes backend names' {
        $line = 'Get-CtrBackend -Name b'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'b1'
        $completion.CompletionMatches.CompletionText | Should -Contain 'b3'
    }

    It 'cordons with -WhatIf showing the change and changing nothing' {
        Set-CtrBackend b1 -Cordon -WhatIf
        (Get-CtrBackend b1 -NoStatus).Cordoned | Should -BeFalse
        Set-CtrBackend b1 -Cordon
        (Get-CtrBackend b1 -NoStatus).Cordoned | Should -BeTrue
        Set-CtrBackend b1 -Uncordon
    }

    It 'passes every readiness check on a lab backend' {
        $checks = Test-CtrBackend b2
        $checks.Check | Should -Be @('Reach', 'HostKey', 'Authentication', 'IncusApi', 'StoragePool', 'DefaultProfile', 'Image', 'FreeDisk', 'Sudo')
        $checks | Where-Object Result -ne 'Pass' | Should -BeNullOrEmpty
    }

    It 'reports an unreachable backend as a row plus a non-terminating error, without failing the others' {
        Register-CtrBackend -Name gone -HostName 127.0.0.1 -Port 1 -UserName ctradmin -KeyFile $Lab.backends[0].keyFile -NoConnect | Out-Null
        $rows = Get-CtrBackend -ErrorVariable errs -ErrorAction SilentlyContinue
        ($rows | Where-Object Name -eq 'gone').State | Should -Be 'Unreachable'
        ($rows | Where-Object Name -ne 'gone').State | Sort-Object -Unique | Should -Be 'Online'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CtrBackendUnreachable*'
        $errs[0].TargetObject | Should -Be 'gone'
        Unregister-CtrBackend gone -Confirm:$false
    }

    It 'never prompts in a non-interactive session: a changed key is an error, not a question' {
        $kh = Join-Path $StateDir 'known_hosts'
        $b3 = $Lab.backends[2]
        $jumpKey = (Get-Content (Join-Path $LabDir 'jump/ssh_host_ed25519_key.pub')).Split(' ')
        Unregister-CtrBackend b3 -Confirm:$false
        Add-Content $kh "[$($b3.host)]:$($b3.port) $($jumpKey[0]) $($jumpKey[1])"
        Register-CtrBackend -Name b3 -HostName $b3.host -Port $b3.port -UserName $b3.user -KeyFile $b3.keyFile -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CtrHostKeyMismatch*'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($b3.hostKeyFingerprint))
    }
}
