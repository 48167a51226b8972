#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/MigrationUnderLoadTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Test-IndexParity' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias par -Count 100 }

    It 'passes after backfill and delta, and Switch-IndexAlias accepts it' {
        $m = New-ShadowIndex -Alias par | Start-Backfill | Sync-Delta | Test-IndexParity
        $m.Parity.Passed | Should -BeTrue
        ($m | Switch-IndexAlias).Phase | Should -Be 'CutOver'
    }
}
