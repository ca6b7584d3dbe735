BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:StateDir = New-SpecConfig
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    Get-LabBackendRows | Register-CtrBackend 3>$null | Out-Null
    $script:Run = 'v' + [guid]::NewGuid().ToString('N').Substring(0, 5)
    $script:Keys = Join-Path $StateDir 'keys'
    New-Item -ItemType Directory $Keys | Out-Null
    # Two boxes on b1, the host to drain.
    $script:Users = 1..2 | ForEach-Object { "$Run$_" }
    foreach ($u in $Users) { & ssh-keygen -q -t ed25519 -N '' -C "$u@pester" -f (Join-Path $Keys $u) | Out-Null }
    $script:Boxes = $Users | ForEach-Object {
        [pscustomobject]@{ User = $_; SshPublicKeyFile = (Join-Path $Keys "$_.pub"); Memory = '512MiB'; Disk = '1GiB' }
    } | New-CtrContainer -Backend b1
    function script:Invoke-LabIncus([string] $backend, [string[]] $arguments) {
        $env:INCUS_DIR = ($Lab.backends | Where-Object name -eq $backend).incusDir
        try { $null | & incus @arguments } finally { Remove-Item Env:INCUS_DIR -ErrorAction SilentlyContinue }
    }
}

AfterAll {
    # A private config with b1 uncordoned is thrown away with the state dir; the lab's real state is never cordoned.
    foreach ($b in $Lab.backends) {
        foreach ($n in (Invoke-LabIncus $b.name @('list', '-c', 'n', '--format', 'csv', $Run))) { if ($n) { Invoke-LabIncus $b.name @('delete', '-f', $n) } }
    }
    Get-Content /etc/passwd | ForEach-Object { ($_ -split ':')[0] } | Where-Object { $_ -like "$Run*" } | ForEach-Object { & userdel -r $_ 2>$null }
    Remove-Module Containarium -ErrorAction SilentlyContinue
    Remove-Item $StateDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Draining a host: Set-CtrBackend b1 -Cordon; Get-CtrContainer -Backend b1 | Move-CtrContainer -AutoPlace' {
    It 'created the boxes to drain' {
        $Boxes.Count | Should -Be 2
        $Boxes.Backend | Sort-Object -Unique | Should -Be 'b1'
    }

    It '-WhatIf shows the plan, spread over the other backends, and changes nothing' {
        Set-CtrBackend b1 -Cordon | Out-Null
        # Room for exactly one more box on b2 and on b3 (in this spec's private config): the two moves must split,
        # which only happens when placement counts the move planned for the first box.
        foreach ($b in 'b2', 'b3') {
            $count = @(Invoke-LabIncus $b @('list', '-c', 'n', '--format', 'csv') | Where-Object { $_ }).Count
            Set-CtrBackend $b -MaxContainers ($count + 1) | Out-Null
        }
        # -WhatIf lines go to the host, so the transcript is what sees them.
        $transcript = Join-Path $StateDir 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        Get-CtrContainer -Backend b1 -Name "$Run*" | Move-CtrContainer -AutoPlace -WhatIf
        Stop-Transcript | Out-Null
        $plan = Get-Content -Raw $transcript
        foreach ($b in $Boxes) { $plan | Should -Match "box $($b.Name) \(user $($b.UserName)\) from b1 to b[23]" }
        ([regex]::Matches($plan, 'from b1 to (b[23])') | ForEach-Object { $_.Groups[1].Value } | Sort-Object) -join ',' | Should -Be 'b2,b3'
        (Get-CtrContainer -Name "$Run*").Backend | Sort-Object -Unique | Should -Be 'b1'
    }

    It 'moves every box off b1, one to each other backend, running' {
        $moved = Get-CtrContainer -Backend b1 -Name "$Run*" | Move-CtrContainer -AutoPlace -ThrottleLimit 2
        $moved.Count | Should -Be 2
        ($moved.Backend | Sort-Object) -join ',' | Should -Be 'b2,b3'
        $moved.State | Sort-Object -Unique | Should -Be 'Running'
        Get-CtrContainer -Backend b1 -Name "$Run*" | Should -BeNullOrEmpty
        ($moved | Format-Table | Out-String) | Should -Match 'Name\s+UserName\s+Team\s+Backend\s+State'
    }

    It "the user's SSH config follows the box and the login works" {
        $user = $Users[0]
        $cfg = Join-Path $StateDir 'ssh_config'
        Get-CtrContainer -UserName $user | Get-CtrSshConfig -Path $cfg -IdentityFile (Join-Path $Keys $user)
        Add-Content $cfg "Host *`n    StrictHostKeyChecking no`n    UserKnownHostsFile /dev/null`n    BatchMode yes`n    LogLevel ERROR"
        $out = & ssh -F $cfg "$user-box" 'whoami; hostname'
        $out | Should -Be @($user, "$user-box")
    }
}

Describe 'Export-CtrContainer / Import-CtrContainer' {
    It 'writes a backup and its manifest into a catalogue folder, and refuses to restore over an existing box' {
        $folder = Join-Path $StateDir 'backups'
        New-Item -ItemType Directory $folder | Out-Null
        $backup = Get-CtrContainer -UserName $Users[1] | Export-CtrContainer -Path $folder
        $backup.Sha256 | Should -Be (Get-FileHash $backup.Path -Algorithm SHA256).Hash.ToLowerInvariant()
        (Get-Content -Raw $backup.ManifestPath | ConvertFrom-Json).name | Should -Be "$($Users[1])-box"
        ($backup | Format-Table | Out-String) | Should -Match 'Name\s+UserName\s+Backend\s+ExportedAt\s+SizeMB'
        Get-ChildItem $folder -Filter *.tar | Import-CtrContainer -AutoPlace -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrContainerExists*'
    }

    It 'Move-CtrContainer rejects a destination equal to the source' {
        $box = Get-CtrContainer -UserName $Users[0]
        $box | Move-CtrContainer -Destination $box.Backend -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CtrMoveSameBackend*'
    }
}
