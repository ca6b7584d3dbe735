# Compute Engine backends as an admin uses them, against the local Compute emulator (a standalone process on
# 127.0.0.1) whose VM "gb1" maps to the lab's backend b2: New-CtrBackend, then the preemption runbook.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force

    $emulatorDll = Get-ChildItem (Join-Path $RepoRoot 'tests/Containarium.GceEmulator/bin') -Recurse -Filter 'Containarium.GceEmulator.dll' -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $emulatorDll) {
        & dotnet build (Join-Path $RepoRoot 'tests/Containarium.GceEmulator') -c Release --nologo -v quiet | Out-Null
        $emulatorDll = Get-ChildItem (Join-Path $RepoRoot 'tests/Containarium.GceEmulator/bin/Release') -Recurse -Filter 'Containarium.GceEmulator.dll' | Select-Object -First 1
    }
    $labHost = $Lab.backends | Where-Object name -eq 'b2'
    $script:Token = 'pester-' + [guid]::NewGuid().ToString('N')
    $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($emulatorDll.FullName, '--urls', 'http://127.0.0.1:0', '--token', $Token, '--step-ms', '100', '--backend', "gb1=$($labHost.host):$($labHost.port)")) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $script:Emulator = [Diagnostics.Process]::Start($psi)
    $line = $Emulator.StandardOutput.ReadLine()
    $line | Should -Match '^CONTAINARIUM_GCE_ENDPOINT=http://127\.0\.0\.1:\d+/compute/v1/$'
    $env:CONTAINARIUM_GCE_ENDPOINT = $line.Substring('CONTAINARIUM_GCE_ENDPOINT='.Length)
    $env:CONTAINARIUM_GCE_ACCESS_TOKEN = $Token
    $script:Admin = $env:CONTAINARIUM_GCE_ENDPOINT -replace 'compute/v1/$', 'emulator/'
    $script:NewArgs = @{
        Name = 'gb1'; Project = 'ctr-spec-project'; Zone = @('us-central1-a', 'us-central1-b'); Spot = $true
        DataDiskSizeGb = 50; UserName = $labHost.user; KeyFile = $labHost.keyFile; Port = $labHost.port; TimeoutMinutes = 2
    }
}

AfterAll {
    if ($Emulator -and -not $Emulator.HasExited) { $Emulator.Kill() }
    Remove-Item Env:CONTAINARIUM_GCE_ENDPOINT, Env:CONTAINARIUM_GCE_ACCESS_TOKEN -ErrorAction SilentlyContinue
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Spot backends on Compute Engine' {
    It 'shows the exact request with -WhatIf and sends nothing' {
        New-CtrBackend @NewArgs -WhatIf
        (Invoke-RestMethod "$($Admin)requests") | Should -BeNullOrEmpty
        Get-CtrBackend -NoStatus | Should -BeNullOrEmpty
    }

    It 'creates a Spot backend in the next zone when the first has no capacity' {
        $fault = @{ method = 'instances.insert'; kind = 'ZONE_RESOURCE_POOL_EXHAUSTED'; zone = 'us-central1-a' } | ConvertTo-Json
        Invoke-RestMethod -Method Post "$($Admin)faults" -Body $fault -ContentType 'application/json' | Out-Null
        $b = New-CtrBackend @NewArgs -WarningVariable warnings 3>$null
        $b.State | Should -Be 'Online'
        $b.GceZone | Should -Be 'us-central1-b'
        ($warnings.Message -join "`n") | Should -Match 'us-central1-a.*ZONE_RESOURCE_POOL_EXHAUSTED'
        (Get-CtrBackend gb1).GceStatus | Should -Be 'RUNNING'
    }

    It 'the runbook restarts a preempted backend and leaves the others alone' {
        $preempt = @{ project = 'ctr-spec-project'; zone = 'us-central1-b'; instance = 'gb1' } | ConvertTo-Json
        Invoke-RestMethod -Method Post "$($Admin)preempt" -Body $preempt -ContentType 'application/json' | Out-Null
        Start-Sleep -Milliseconds 500
        (Get-CtrBackend | Where-Object Preempted).Name | Should -Be 'gb1'

        $back = & (Join-Path $RepoRoot 'examples/Restart-PreemptedBackends.ps1')
        $back.Name | Should -Be 'gb1'
        $back.State | Should -Be 'Online'
        $after = Get-CtrBackend gb1
        $after.Preempted | Should -BeFalse
        $after.GceStatus | Should -Be 'RUNNING'
        & (Join-Path $RepoRoot 'examples/Restart-PreemptedBackends.ps1') | Should -BeNullOrEmpty
    }

    It 'removes the backend with its VM and disks' {
        Remove-CtrBackend gb1 -Force -Confirm:$false
        Get-CtrBackend -NoStatus | Should -BeNullOrEmpty
        { Invoke-RestMethod "$($env:CONTAINARIUM_GCE_ENDPOINT)projects/ctr-spec-project/zones/us-central1-b/instances/gb1" -Headers @{ Authorization = "Bearer $Token" } } |
            Should -Throw '*404*'
    }
}
