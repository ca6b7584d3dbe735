BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Manifest = Join-Path $ModulePath 'Containarium.psd1'
}

Describe 'Module manifest and import' {
    It 'passes Test-ModuleManifest with explicit exports and Gallery metadata' {
        $m = Test-ModuleManifest $Manifest
        $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $m.ExportedCmdlets.Keys | Should -Contain 'Get-CtrBackend'
        $m.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $m.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $m.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $m.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $m.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        (Import-PowerShellDataFile $Manifest).FunctionsToExport.Count | Should -Be 0
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $listed = (Import-PowerShellDataFile $Manifest).CmdletsToExport
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; (Get-Command -Module Containarium).Name -join ','"
        ($out -split ',' | Sort-Object) | Should -Be ($listed | Sort-Object)
    }

    It 'keeps dependencies out of the module root' {
        Get-ChildItem $ModulePath -Filter '*.dll' | ForEach-Object Name | Should -Be 'Containarium.PowerShell.dll'
        Join-Path $ModulePath 'Dependencies/Renci.SshNet.dll' | Should -Exist
        Join-Path $ModulePath 'Dependencies/Containarium.Core.dll' | Should -Exist
    }

    It 'loads and works in a session that already holds other versions of its dependencies' {
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
        $oldBc = Join-Path $packages 'bouncycastle.cryptography/2.4.0/lib/netstandard2.0/BouncyCastle.Cryptography.dll'
        $oldMel = Join-Path $packages 'microsoft.extensions.logging.abstractions/2.0.0/lib/netstandard2.0/Microsoft.Extensions.Logging.Abstractions.dll'
        $oldBc | Should -Exist
        $oldMel | Should -Exist
        $work = Join-Path ([IO.Path]::GetTempPath()) ('ctr-iso-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
# Older real versions of the cryptography and logging libraries SSH.NET needs, loaded before the module.
Add-Type -Path '$oldBc'
Add-Type -Path '$oldMel'
`$env:CONTAINARIUM_CONFIG = '$work/config.json'
Import-Module '$Manifest'
`$b = '$($Lab.backends[0].name)'
Register-CtrBackend -Name `$b -HostName $($Lab.backends[0].host) -Port $($Lab.backends[0].port) -UserName $($Lab.backends[0].user) -KeyFile '$($Lab.backends[0].keyFile)' 3>`$null | Out-Null
`$state = (Get-CtrBackend `$b).State
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'BouncyCastle.Cryptography' } | ForEach-Object { `$_.Location }
"`$state|`$(`$loaded -join ',')"
"@
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $parts = ($out | Select-Object -Last 1).Split('|')
        $parts[0] | Should -Be 'Online'
        # The session's older BouncyCastle (default context) and the module's own (private context) live side by side.
        # Assembly versions are both 2.0.0.0 (BouncyCastle pins it), so tell them apart by where they were loaded from.
        $locations = $parts[1].Split(',') | Sort-Object -Unique
        $locations.Count | Should -Be 2
        $locations | Where-Object { $_ -eq $oldBc } | Should -HaveCount 1
        $locations | Where-Object { $_ -like '*Dependencies*' } | Should -HaveCount 1
        Remove-Item $work -Recurse -Force
    }

    It 'imports without prompts or network and reports its import time' {
        $ms = & dotnet pwsh -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$Manifest' }).TotalMilliseconds"
        [double]$ms | Should -BeGreaterThan 0
        Write-Host "    module import: $([math]::Round([double]$ms)) ms"
    }
}
