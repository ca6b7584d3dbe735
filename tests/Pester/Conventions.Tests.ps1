# Walks every exported cmdlet and holds it to the conventions PowerShell users expect, and checks that
# Get-Help shows the help built from docs/cmdlets for each of them. A new cmdlet is covered without edits here.
BeforeDiscovery {
    $modulePath = if ($env:CTR_MODULE_PATH) { $env:CTR_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Containarium' }
    Import-Module (Join-Path $modulePath 'Containarium.psd1') -Force
    $script:Commands = @(Get-Command -Module Containarium -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'Containarium.psd1') -Force
    $script:Approved = @(Get-Verb | ForEach-Object Verb)
    # Verbs that only read: everything else changes state and must support -WhatIf/-Confirm.
    $script:ReadOnlyVerbs = 'Get', 'Test', 'Find', 'Search', 'Show', 'Measure', 'Resolve', 'Compare', 'Read', 'Wait', 'Watch'
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    function script:Get-OwnParameter([System.Management.Automation.CommandInfo] $Command) {
        $Command.Parameters.Values | Where-Object { $_.Name -notin $Common }
    }
}

AfterAll {
    Remove-Module Containarium -ErrorAction SilentlyContinue
}

Describe 'The module exports cmdlets at all' {
    It 'has cmdlets for the convention checks to walk' {
        $Commands.Count | Should -BeGreaterThan 10
    }
}

Describe '<Name> follows PowerShell conventions' -ForEach $Commands {
    BeforeAll {
        $command = Get-Command $Name
        $verb, $noun = $Name.Split('-', 2)
    }

    It 'uses an approved verb' {
        $Approved | Should -Contain $verb
    }

    It 'has a singular noun with the Ctr prefix' {
        $noun | Should -MatchExactly '^Ctr[A-Z][A-Za-z]+$'
        # Status, Address, Access end in s and are singular; a plural such as Containers is not.
        $noun | Should -Not -Match '[^us]s$'
    }

    It 'supports -WhatIf and -Confirm when its verb changes state' {
        if ($verb -notin $ReadOnlyVerbs) {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        } else {
            $command.Verb | Should -BeIn $ReadOnlyVerbs
        }
    }

    It 'declares what it outputs, and each of its own output types has a table view' {
        $command.OutputType.Count | Should -BeGreaterThan 0
        foreach ($type in $command.OutputType.Type | Where-Object { $_.Namespace -eq 'Containarium' }) {
            $views = (Get-FormatData -TypeName $type.FullName).FormatViewDefinition
            $views.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] } |
                Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a table view in Containarium.format.ps1xml"
        }
    }

    It 'names its parameters the way PowerShell users expect' {
        foreach ($p in Get-OwnParameter $command) {
            $p.Name | Should -MatchExactly '^[A-Z][A-Za-z0-9]*$' -Because "-$($p.Name) should be PascalCase"
            # Counts and units read as plurals and are fine (-MaxContainers, -TimeoutMinutes), as in -TimeoutSec.
            if ($p.Name -notmatch '^(Max|Min)|(Minutes|Seconds|Bytes)$') {
                $p.Name | Should -Not -Match '[^us]s$' -Because "-$($p.Name) should be singular"
            }
            # $Host is an automatic variable: a -Host parameter shadows it in advanced functions and scripts.
            $p.Name | Should -Not -BeIn 'Host', 'Recursive', 'Computer', 'Pwd', 'Passwd', 'Throttle'
            if ($p.Name -in 'Force', 'PassThru', 'AutoPlace', 'Detailed', 'Quiet', 'Spot') {
                $p.ParameterType | Should -Be ([System.Management.Automation.SwitchParameter]) -Because "-$($p.Name) is a switch"
            }
            if ($p.Name -match '(Password|Passphrase|Secret)$') {
                $p.ParameterType | Should -Be ([securestring]) -Because "-$($p.Name) must not take a plain string"
            }
            if ($p.Name -match '(Path|File)$') {
                $p.ParameterType | Should -BeIn ([string]), ([string[]]) -Because "-$($p.Name) names a file"
            }
            # A switch may be mandatory only where it is what selects a parameter set (New-CtrContainer -AutoPlace).
            if ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) {
                $p.Attributes | Where-Object {
                    $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory -and
                    $_.ParameterSetName -eq [System.Management.Automation.ParameterAttribute]::AllParameterSets
                } | Should -BeNullOrEmpty -Because "switch -$($p.Name) must not be mandatory in every parameter set"
            }
        }
    }
}

Describe 'Get-Help <Name>' -ForEach $Commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $own = @(Get-OwnParameter (Get-Command $Name))
    }

    It 'has a written synopsis and description, not the generated syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))\b"
        ($help.Description.Text -join "`n") | Should -Match '\w{3,}'
    }

    It 'documents every parameter' {
        foreach ($p in $own) {
            $doc = $help.Parameters.Parameter | Where-Object Name -eq $p.Name
            $doc | Should -Not -BeNullOrEmpty -Because "-$($p.Name) must appear in Get-Help"
            ($doc.Description.Text -join ' ') | Should -Match '\w{3,}' -Because "-$($p.Name) needs a description"
        }
    }

    It 'shows examples whose code parses and calls the cmdlet' {
        $examples = @((Get-Help $Name -Examples).Examples.Example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "an example of $Name should parse: $($example.Code)"
            $ast | Should -Not -BeNullOrEmpty
        }
        ($examples.Code -join "`n") | Should -Match ([regex]::Escape($Name))
    }

    It 'names its inputs, outputs and related links' {
        $help.relatedLinks.navigationLink | Should -Not -BeNullOrEmpty
        $help.returnValues | Should -Not -BeNullOrEmpty
    }
}

Describe 'about_Containarium' {
    It 'is found by Get-Help and lists the error identifiers one per entry' {
        $text = Get-Help about_Containarium | Out-String
        $text | Should -Match 'TOPIC\s+about_Containarium'
        $text | Should -Match '(?m)^\s+CtrBackendNotFound\s*$'
        $text | Should -Match '(?m)^\s+Category: ObjectNotFound\s*$'
    }
}

Describe 'Error identifiers' {
    It 'documents every ErrorId the cmdlets can write in about_Containarium' {
        $about = Get-Content -Raw (Join-Path $RepoRoot 'docs/about_Containarium.md')
        # Cmdlet nouns and output type names are Ctr-prefixed too but are not ErrorIds.
        $notIds = @(Get-Command -Module Containarium | ForEach-Object Noun) +
            @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Containarium.PowerShell' } |
                ForEach-Object { $_.GetExportedTypes() } | ForEach-Object Name)
        $ids = Get-ChildItem (Join-Path $RepoRoot 'src/Containarium.PowerShell') -Recurse -Filter '*.cs' |
            Select-String -Pattern '"(Ctr[A-Z][A-Za-z]+)"' -AllMatches |
            ForEach-Object { $_.Matches.Groups | Where-Object Name -eq 1 | ForEach-Object Value } |
            Where-Object { $_ -notin $notIds } | Sort-Object -Unique
        $ids.Count | Should -BeGreaterThan 10
        $missing = $ids | Where-Object { $about -notmatch "\|\s*$_\s*\|" }
        $missing | Should -BeNullOrEmpty -Because 'each ErrorId needs a row in the table of docs/about_Containarium.md'
    }
}
