#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/ShadowIndexTests.cs, AliasSwitchUnderReadLoadTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Switch-IndexAlias' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias sw }

    It 'refuses to switch while counts differ' {
        $err = { New-ShadowIndex -Alias sw | Switch-IndexAlias -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'ParityFailed,VectorReindex.PowerShell.Commands.SwitchIndexAliasCommand'
    }

    It 'moves the alias after a backfill, and back on rollback' {
        $m = Get-VectorMigration -Alias sw -InFlight | Start-Backfill | Sync-Delta | Switch-IndexAlias
        $m.Phase | Should -Be 'CutOver'
        (Invoke-RestMethod "$($script:node.Uri)_alias/sw").PSObject.Properties.Name | Should -Be 'sw-v2'
        Switch-IndexAlias -Alias sw -To sw-v1 | Out-Null
        (Invoke-RestMethod "$($script:node.Uri)_alias/sw").PSObject.Properties.Name | Should -Be 'sw-v1'
    }

    It 'changes nothing with -WhatIf and emits nothing' {
        $before = (Invoke-RestMethod "$($script:node.Uri)_alias/sw").PSObject.Properties.Name
        $out = Switch-IndexAlias -Alias sw -To sw-v2 -CatchUp -WhatIf
        $out | Should -BeNullOrEmpty
        (Invoke-RestMethod "$($script:node.Uri)_alias/sw").PSObject.Properties.Name | Should -Be $before
    }

    It 'reports a refused move under -WhatIf as the error it would be' {
        # sw-v2 was rolled back from: writes since then never reached it.
        $err = { Switch-IndexAlias -Alias sw -To sw-v2 -WhatIf -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'IndexNotCurrent,VectorReindex.PowerShell.Commands.SwitchIndexAliasCommand'
        (Invoke-RestMethod "$($script:node.Uri)_alias/sw").PSObject.Properties.Name | Should -Be 'sw-v1'
    }

    Context 'tab completion' {
        BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias swother -Count 1 }

        It 'completes -Alias with the alias names the cluster has, and only those' {
            $line = 'Switch-IndexAlias -Alias sw'
            $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $names | Should -Contain 'sw'
            $names | Should -Contain 'swother'
            $names | Should -Not -Contain 'sw-v1' -Because 'indexes are not aliases'
        }

        It 'completes -To with index names, filtered by what is typed' {
            $line = 'Switch-IndexAlias -Alias sw -To sw-'
            $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $names | Should -Contain 'sw-v1'
            $names | Should -Contain 'sw-v2'
            $names | Should -Not -Contain 'swother-v1' -Because 'it does not start with sw-'
        }
    }
}
