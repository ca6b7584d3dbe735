BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    Get-LabBackendRows | Register-CtrBackend 3>$null | Out-Null
    $script:Run = 'q' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $key = Join-Path $StateDir 'key'
    & ssh-keygen -q -t ed25519 -N '' -C "$Run@pester" -f $key | Out-Null
    # Wherever there is room: other engineers' boxes may fill a backend during development.
    $script:Box = New-CtrContainer -UserName "${Run}u" -SshPublicKeyFile "$key.pub" -AutoPlace -Cpu 1 -Memory 256MiB -Disk 2GiB
    $script:IncusDir = ($Lab.backends | Where-Object name -eq $Box.Backend).incusDir
    function InBox([string] $script) {
        $env:INCUS_DIR = $IncusDir
        try { & incus exec -n $Box.Name -- sh -c $script } finally { Remove-Item Env:INCUS_DIR }
    }
}

AfterAll {
    $env:INCUS_DIR = $IncusDir; $null | & incus delete -f $Box.Name 2>$null; Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$Run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Snapshots of a box' {
    It 'takes a snapshot of a piped box and shows it in a table' {
        $Box | Should -Not -BeNullOrEmpty
        InBox 'echo v1 > /root/work.txt'
        $snap = $Box | Checkpoint-CtrContainer -SnapshotName pester1
        $snap | Should -BeOfType Containarium.CtrSnapshot
        $snap.Container | Should -Be $Box.Name
        ($Box | Get-CtrSnapshot | Format-Table | Out-String) | Should -Match 'Container\s+Backend\s+Name\s+Created\s+Stateful\s+Size'
    }

    It '-WhatIf on Restore changes nothing; -Confirm:$false restores the data' {
        InBox 'echo v2 > /root/work.txt'
        Get-CtrSnapshot -Name $Box.Name -SnapshotName pester1 | Restore-CtrSnapshot -WhatIf
        InBox 'cat /root/work.txt' | Should -Be 'v2'
        Get-CtrSnapshot -Name $Box.Name -SnapshotName pester1 | Restore-CtrSnapshot -Confirm:$false
        InBox 'cat /root/work.txt' | Should -Be 'v1'
    }

    It 'lists by wildcard and removes what the pipeline names' {
        'pester2', 'other' | ForEach-Object { Checkpoint-CtrContainer $Box.Name -SnapshotName $_ } | Out-Null
        (Get-CtrSnapshot -Name "$Run*" -SnapshotName 'pester*').Name | Should -Be @('pester1', 'pester2')
        Get-CtrSnapshot -Name $Box.Name -SnapshotName 'pester*' | Remove-CtrSnapshot -Confirm:$false
        (Get-CtrSnapshot -Name $Box.Name).Name | Should -Be @('other')
    }

    It 'refuses bad names, unknown boxes and unknown snapshots with their ErrorIds, changing nothing' {
        $before = (Get-CtrSnapshot -Name $Box.Name).Name
        Checkpoint-CtrContainer $Box.Name -SnapshotName 'no spaces' -ErrorVariable e1 -ErrorAction SilentlyContinue
        Restore-CtrSnapshot "${Run}none" other -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        Remove-CtrSnapshot $Box.Name nosuch -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        Checkpoint-CtrContainer $Box.Name -SnapshotName other -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'CtrInvalidSnapshotName,*'
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerNotFound,*'
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'CtrSnapshotNotFound,*'
        $e4[0].FullyQualifiedErrorId | Should -BeLike 'CtrSnapshotExists,*'
        (Get-CtrSnapshot -Name $Box.Name).Name | Should -Be $before
    }

    It 'has ConfirmImpact High on the destructive cmdlets' {
        foreach ($c in 'Restore-CtrSnapshot', 'Remove-CtrSnapshot') {
            $t = (Get-Command $c).ImplementingType
            ($t.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)).ConfirmImpact | Should -Be 'High'
        }
    }
}
