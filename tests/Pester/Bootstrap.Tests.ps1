BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    # The lab's uninitialised host, made uninitialised again for this spec.
    & bash (Join-Path $RepoRoot 'tests/lab/bare.sh') reset
    if ($LASTEXITCODE -ne 0) { throw 'tests/lab/bare.sh reset failed' }
    $script:Bare = (Get-Content -Raw (Join-Path $LabDir 'lab.json') | ConvertFrom-Json).bare
    $script:Target = @{ HostName = $Bare.host; Port = $Bare.port; UserName = $Bare.user; KeyFile = $Bare.keyFile }
    function HostIncus([string[]] $arguments) {
        $env:INCUS_DIR = $Bare.incusDir
        try { $null | & incus @arguments } finally { Remove-Item Env:INCUS_DIR }
    }
}

AfterAll {
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Initialize-CtrBackend on a host whose Incus is not initialised' {
    It '-WhatIf lists the steps that would change and changes nothing' {
        # What-if lines go to the host: run the command in a child pwsh and read its console output.
        $cmd = "Import-Module '$ModulePath/Containarium.psd1'; Initialize-CtrBackend -HostName $($Bare.host) -Port $($Bare.port) " +
               "-UserName $($Bare.user) -KeyFile '$($Bare.keyFile)' -Name bare -Register -WhatIf"
        $out = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName | ForEach-Object {
            & $_ (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $cmd 2>&1 } | Out-String
        $out | Should -Match 'What if: .*bare: storage-pool: create pool default \(dir\)'
        $out | Should -Match 'What if: .*bare: profile: add a root disk on pool default'
        $out | Should -Match 'What if: Performing the operation "Register" on target "backend .bare.'
        HostIncus storage, list, -f, csv | Should -BeNullOrEmpty
        Get-CtrBackend | Should -BeNullOrEmpty
    }

    It 'creates a dir pool and the profile root disk, registers the host, and Test-CtrBackend agrees' {
        $steps = Initialize-CtrBackend @Target -Name bare -Register
        ($steps | Where-Object Step -eq 'storage-pool').Status | Should -Be 'Changed'
        ($steps | Where-Object Step -eq 'profile').Status | Should -Be 'Changed'
        ($steps | Where-Object Step -eq 'register').Status | Should -Be 'Changed'
        ($steps | Format-Table | Out-String) | Should -Match 'Step\s+Status\s+Detail'
        HostIncus storage, list, -f, csv | Should -Match '^default,dir'
        $checks = Test-CtrBackend bare
        ($checks | Where-Object Check -in 'IncusApi', 'StoragePool', 'DefaultProfile', 'Sudo').Result | Sort-Object -Unique | Should -Be 'Pass'
    }

    It 'changes nothing the second time and says so for every step' {
        $steps = Initialize-CtrBackend bare
        $steps.Count | Should -BeGreaterThan 5
        $steps.Status | Sort-Object -Unique | Should -Be 'Unchanged'
    }

    It 'refuses a storage source that is not a device path, sending nothing' {
        Initialize-CtrBackend bare -StorageDriver zfs -StorageSource '/dev/sdb`nreboot' -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrInvalidBootstrapOption,*'
    }
}
