@{
    RootModule             = 'Containarium.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '2df1443a-a84a-4ebc-9225-5bc7d8ea57e0'
    Author                 = 'Containarium for PowerShell contributors'
    CompanyName            = 'Containarium for PowerShell'
    Copyright              = '(c) Containarium for PowerShell contributors. Apache-2.0.'
    Description            = 'Give every developer an isolated Linux dev box: Incus system containers on a fleet of hosts reached over SSH (directly or through jump hosts), with hosts provisioned on Google Compute Engine.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Containarium.format.ps1xml')
    CmdletsToExport        = @(
        'Register-CtrBackend'
        'Get-CtrBackend'
        'Set-CtrBackend'
        'Unregister-CtrBackend'
        'Test-CtrBackend'
        'Get-CtrContainer'
        'New-CtrContainer'
        'Get-CtrSshConfig'
        'New-CtrBackend'
        'Start-CtrBackend'
        'Stop-CtrBackend'
        'Remove-CtrBackend'
        'Checkpoint-CtrContainer'
        'Get-CtrSnapshot'
        'Restore-CtrSnapshot'
        'Remove-CtrSnapshot'
        'Initialize-CtrBackend'
        'Move-CtrContainer'
        'Export-CtrContainer'
        'Import-CtrContainer'
        'Remove-CtrContainer'
        'Start-CtrContainer'
        'Stop-CtrContainer'
        'Restart-CtrContainer'
        'Set-CtrContainer'
        'Import-CtrTeam'
        'Get-CtrBackendMember'
        'Suspend-CtrBackendMember'
        'Resume-CtrBackendMember'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Incus', 'LXC', 'Containers', 'DevBox', 'SSH', 'GCE', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'macOS')
            LicenseUri   = 'https://github.com/containarium-ps/Containarium/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/containarium-ps/Containarium'
            ReleaseNotes = '0.1.0: backend inventory over SSH with jump chains and verified host keys; live fleet status; readiness checks.'
        }
    }
}
