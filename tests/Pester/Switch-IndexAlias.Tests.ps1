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
}
